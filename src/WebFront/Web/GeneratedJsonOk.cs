using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.Extensions.Options;

namespace Vibe.WebFront.Web;

/// <summary>
/// 200 with a large JSON body, such as a listing of a thousand workspaces, written by the generated serializer in one pass
/// into the response's buffer and sent with one flush. <c>Ok&lt;T&gt;</c> streams through the asynchronous serializer instead,
/// which leaves the generated code for bodies over a few kilobytes and flushes to the socket every 16 KB or so. The type
/// info must carry <see cref="WireJson"/>'s contract: take it from <see cref="WireJsonContext.Default"/>, whose own options
/// are the only ones its generated code runs with; strings are escaped as the API's options say. The OpenAPI document
/// sees what it sees of <c>Ok&lt;T&gt;</c>.
/// </summary>
internal sealed class GeneratedJsonOk<T>(T value, JsonTypeInfo<T> typeInfo) : IResult, IEndpointMetadataProvider, IStatusCodeHttpResult, IValueHttpResult, IValueHttpResult<T>, IContentTypeHttpResult
{
    private const string JsonContentType = "application/json; charset=utf-8";

    public T Value { get; } = value;

    public int StatusCode => StatusCodes.Status200OK;

    public string ContentType => JsonContentType;

    int? IStatusCodeHttpResult.StatusCode => StatusCode;

    object? IValueHttpResult.Value => Value;

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        var response = httpContext.Response;
        response.StatusCode = StatusCode;
        response.ContentType = JsonContentType;
        // The generated code runs only with its own options, which cannot name an encoder: the writer brings the API's.
        var api = httpContext.RequestServices.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;

        // The serializer writes well-formed JSON: its own writers skip validation too.
        using (var writer = new Utf8JsonWriter(response.BodyWriter, new JsonWriterOptions { Encoder = api.Encoder, Indented = api.WriteIndented, SkipValidation = true }))
        {
            JsonSerializer.Serialize(writer, Value, typeInfo);
        }

        await response.BodyWriter.FlushAsync(httpContext.RequestAborted);
    }

    static void IEndpointMetadataProvider.PopulateMetadata(MethodInfo method, EndpointBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Metadata.Add(new ProducesResponseTypeMetadata(StatusCodes.Status200OK, typeof(T), ["application/json"]));
    }
}
