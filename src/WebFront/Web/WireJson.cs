using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace Vibe.WebFront.Web;

/// <summary>
/// The one JSON contract of the REST API and the workspace hub: enums are camelCase strings ("running", "tooFarBehind"),
/// like the property names, unless a value names itself with <see cref="JsonStringEnumMemberNameAttribute"/>. Reading
/// ignores an enum's case, so "Running" from an older client is still accepted. Numbers are JSON numbers only: a quoted
/// "5" is refused, so the OpenAPI document types integers as integers (not "integer or string").
/// </summary>
internal static class WireJson
{
    /// <summary>
    /// Adds the contract to options the framework made (the API's and SignalR's), which already name properties in
    /// camelCase, and the generated serializers of <see cref="WireJsonContext"/> in front of their resolvers.
    /// </summary>
    public static void Apply(JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.NumberHandling = JsonNumberHandling.Strict;
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase));

        // Options without a resolver would fall back to reflection by themselves; with one in their chain they no longer do.
        var reflectionFallback = options.TypeInfoResolverChain.Count == 0;
        options.TypeInfoResolverChain.Insert(0, WireJsonContext.Default);
        if (reflectionFallback)
        {
            options.TypeInfoResolverChain.Add(new DefaultJsonTypeInfoResolver());
        }
    }

    /// <summary>One value as the wire writes it ("internet", "openai"), for messages that quote what the caller sent.</summary>
    public static string Name<TEnum>(TEnum value)
        where TEnum : struct, Enum
    {
        var name = value.ToString();
        return typeof(TEnum).GetField(name, BindingFlags.Public | BindingFlags.Static) is { } field ? Name(field) : JsonNamingPolicy.CamelCase.ConvertName(name);
    }

    /// <summary>The wire name of the enum value declared as <paramref name="field"/>: its own, or its C# name in camelCase.</summary>
    public static string Name(FieldInfo field)
    {
        ArgumentNullException.ThrowIfNull(field);
        return field.GetCustomAttribute<JsonStringEnumMemberNameAttribute>()?.Name ?? JsonNamingPolicy.CamelCase.ConvertName(field.Name);
    }

    /// <summary>The value whose wire name is <paramref name="name"/> (any case, surrounding white space ignored); null when none is.</summary>
    public static TEnum? Parse<TEnum>(string? name)
        where TEnum : struct, Enum
    {
        var trimmed = name?.Trim();
        foreach (var value in Enum.GetValues<TEnum>())
        {
            if (string.Equals(Name(value), trimmed, StringComparison.OrdinalIgnoreCase))
            {
                return value;
            }
        }

        return null;
    }

    /// <summary>The values of <typeparamref name="TEnum"/> as the wire writes them, for messages that say what is allowed ("none, internal or internet").</summary>
    public static string Names<TEnum>()
        where TEnum : struct, Enum
    {
        var names = Enum.GetValues<TEnum>().Select(Name).ToArray();
        return names.Length < 2 ? string.Concat(names) : $"{string.Join(", ", names[..^1])} or {names[^1]}";
    }
}
