using System.Text.Json;
using System.Text.Json.Serialization;

namespace Vibe.WebFront.Web;

/// <summary>The wire's enum policy (camelCase strings) for one enum, as a type that <see cref="WireJsonContext"/> can name in its generated options.</summary>
internal sealed class CamelCaseEnumConverter<TEnum>() : JsonStringEnumConverter<TEnum>(JsonNamingPolicy.CamelCase)
    where TEnum : struct, Enum;
