using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace Vibe.WebFront.Web;

/// <summary>
/// The one JSON contract of the REST API and the workspace hub: enums are camelCase strings ("running", "tooFarBehind"),
/// like the property names. Reading ignores case, so "Running" from an older client is still accepted.
/// </summary>
internal static class WireJson
{
    /// <summary>
    /// Adds the enum policy to options the framework made (the API's and SignalR's), which already name properties in
    /// camelCase, and the generated serializers of <see cref="WireJsonContext"/> in front of their resolvers.
    /// </summary>
    public static void Apply(JsonSerializerOptions options)
    {
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase));

        // Options without a resolver would fall back to reflection by themselves; with one in their chain they no longer do.
        var reflectionFallback = options.TypeInfoResolverChain.Count == 0;
        options.TypeInfoResolverChain.Insert(0, WireJsonContext.Default);
        if (reflectionFallback)
        {
            options.TypeInfoResolverChain.Add(new DefaultJsonTypeInfoResolver());
        }
    }

    /// <summary>One value as the wire writes it ("internet"), for messages that quote what the caller sent.</summary>
    public static string Name<TEnum>(TEnum value)
        where TEnum : struct, Enum => JsonNamingPolicy.CamelCase.ConvertName(value.ToString());

    /// <summary>The values of <typeparamref name="TEnum"/> as the wire writes them, for messages that say what is allowed ("none, internal or internet").</summary>
    public static string Names<TEnum>()
        where TEnum : struct, Enum
    {
        var names = Enum.GetNames<TEnum>().Select(JsonNamingPolicy.CamelCase.ConvertName).ToArray();
        return names.Length < 2 ? string.Concat(names) : $"{string.Join(", ", names[..^1])} or {names[^1]}";
    }
}
