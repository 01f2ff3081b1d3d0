using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;

namespace Vibe.WebFront.Web;

/// <summary>
/// What a request body's JSON got wrong, in the API's own terms: the field as the caller wrote it and what it must hold
/// (<c>'limits.memoryMb' must be a whole number.</c>), where System.Text.Json names .NET types and reader positions
/// (<c>The JSON value could not be converted to Vibe.WebFront.Workspaces.WorkspaceLimitsRequest. Path: $.limits.memoryMb | LineNumber: 0 ...</c>).
/// </summary>
internal static partial class JsonBodyError
{
    public static string Describe(JsonException exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        var field = FieldName(exception.Path);
        var converted = ConvertedTo().Match(exception.Message);
        if (converted.Success)
        {
            return Expected(ValueType(converted.Groups["type"].Value, field)) is { } expected
                ? (field is null ? $"The request body must be {expected}." : $"'{field}' must be {expected}.")
                : (field is null ? "The request body has the wrong shape for this endpoint." : $"'{field}' has a value of the wrong type.");
        }

        var missing = MissingProperties().Match(exception.Message);
        if (missing.Success)
        {
            return $"The request body is missing {missing.Groups["names"].Value}.";
        }

        // A syntax error: the reader's own words, without its position suffix, which the field's name replaces.
        var reason = exception.Message;
        var position = reason.IndexOf(" Path: ", StringComparison.Ordinal);
        if (position >= 0)
        {
            reason = reason[..position];
        }

        return field is null ? $"The request body is not valid JSON: {reason}" : $"The request body is not valid JSON at '{field}': {reason}";
    }

    /// <summary><c>$.limits.memoryMb</c> as <c>limits.memoryMb</c>; null for the body itself or no path.</summary>
    private static string? FieldName(string? path) =>
        path is null || path == "$" ? null : path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path.TrimStart('$');

    /// <summary>
    /// The type the value at <paramref name="field"/> had to be. The serializer names the object being read, not the
    /// value: a property of it (<c>limits.memoryMb</c> of the limits), an item of one of its lists, or, when the path
    /// ends at the object itself (<c>limits</c> sent as a list), the object. Null when the type is not one of ours.
    /// </summary>
    private static Type? ValueType(string typeName, string? field)
    {
        var type = FindType(typeName);
        if (type is null || field is null)
        {
            return type;
        }

        var segment = field[(field.LastIndexOf('.') + 1)..];
        var item = segment.IndexOf('[', StringComparison.Ordinal);
        var property = FindProperty(type, item < 0 ? segment : segment[..item]);
        if (property is null)
        {
            return type;
        }

        var propertyType = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
        return item < 0 ? propertyType : ItemType(propertyType) ?? propertyType;
    }

    private static PropertyInfo? FindProperty(Type type, string jsonName) =>
        type.GetProperties(BindingFlags.Public | BindingFlags.Instance).FirstOrDefault(property =>
            string.Equals(property.GetCustomAttribute<JsonPropertyNameAttribute>()?.Name ?? property.Name, jsonName, StringComparison.OrdinalIgnoreCase));

    private static Type? ItemType(Type type) =>
        type.IsArray ? type.GetElementType()
        : type.GetInterfaces().Append(type).FirstOrDefault(candidate => candidate.IsGenericType && candidate.GetGenericTypeDefinition() == typeof(IEnumerable<>))?.GetGenericArguments()[0];

    /// <summary>What a value of <paramref name="type"/> looks like in JSON; null when the type is unknown.</summary>
    private static string? Expected(Type? type)
    {
        type = type is null ? null : Nullable.GetUnderlyingType(type) ?? type;
        if (type is null)
        {
            return null;
        }

        if (type.IsEnum)
        {
            return "one of " + string.Join(", ", type.GetFields(BindingFlags.Public | BindingFlags.Static).Select(value => $"'{WireJson.Name(value)}'"));
        }

        return Type.GetTypeCode(type) switch
        {
            TypeCode.Byte or TypeCode.SByte or TypeCode.Int16 or TypeCode.UInt16 or TypeCode.Int32 or TypeCode.UInt32 or TypeCode.Int64 or TypeCode.UInt64 => "a whole number",
            TypeCode.Single or TypeCode.Double or TypeCode.Decimal => "a number",
            TypeCode.Boolean => "true or false",
            TypeCode.String or TypeCode.Char => "a string",
            TypeCode.DateTime => "a date and time (ISO 8601, such as 2026-01-31T12:00:00Z)",
            _ when type == typeof(Guid) => "an id (a UUID such as 0f8fad5b-d9cb-469f-a165-70867728950e)",
            _ when type == typeof(DateTimeOffset) => "a date and time (ISO 8601, such as 2026-01-31T12:00:00Z)",
            _ when type == typeof(TimeSpan) => "a duration (such as 00:05:00)",
            _ when ItemType(type) is not null => "an array",
            _ => "an object",
        };
    }

    /// <summary>One of the API's own types (requests and enums live in Vibe's assemblies), or a framework type such as System.Int32.</summary>
    private static Type? FindType(string typeName) =>
        Type.GetType(typeName, throwOnError: false)
        ?? AppDomain.CurrentDomain.GetAssemblies()
            .Where(assembly => assembly.GetName().Name?.StartsWith("Vibe.", StringComparison.Ordinal) == true)
            .Select(assembly => assembly.GetType(typeName, throwOnError: false))
            .FirstOrDefault(type => type is not null);

    [GeneratedRegex(@"^The JSON value could not be converted to (?<type>.+?)\. Path: ")]
    private static partial Regex ConvertedTo();

    [GeneratedRegex(@"was missing required properties including: (?<names>.+?)\.( Path: |$)")]
    private static partial Regex MissingProperties();
}
