using System.Reflection;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Vibe.WebFront.Web;

/// <summary>Leaves the enum values marked <see cref="NeverSentAttribute"/> out of the OpenAPI document's enum schemas.</summary>
internal sealed class NeverSentValuesTransformer : IOpenApiSchemaTransformer
{
    public Task TransformAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(schema);
        ArgumentNullException.ThrowIfNull(context);
        var type = Nullable.GetUnderlyingType(context.JsonTypeInfo.Type) ?? context.JsonTypeInfo.Type;
        if (!type.IsEnum || schema.Enum is not { Count: > 0 } values)
        {
            return Task.CompletedTask;
        }

        var neverSent = type.GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(static field => field.IsDefined(typeof(NeverSentAttribute)))
            .Select(WireJson.Name)
            .ToHashSet(StringComparer.Ordinal);
        for (var i = values.Count - 1; i >= 0 && neverSent.Count > 0; i--)
        {
            if (values[i] is JsonValue value && value.TryGetValue<string>(out var name) && neverSent.Contains(name))
            {
                values.RemoveAt(i);
            }
        }

        return Task.CompletedTask;
    }
}
