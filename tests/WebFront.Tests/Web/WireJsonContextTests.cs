using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Vibe.Grains.Interfaces.Workspaces;
using Vibe.WebFront.Web;
using Vibe.WebFront.Workspaces;
using HttpJsonOptions = Microsoft.AspNetCore.Http.Json.JsonOptions;

namespace Vibe.WebFront.Tests.Web;

/// <summary>
/// The generated serializers (<see cref="WireJsonContext"/>) speak <see cref="WireJson"/>'s contract exactly: what the
/// workspace listing writes through them is, byte for byte, what the reflection serializer writes with the API's options.
/// </summary>
public sealed class WireJsonContextTests
{
    private static readonly IReadOnlyList<WorkspaceSummary> s_listing =
    [
        new("a1b2c3d4e5f6", "shop <front> & \"api\" – ünïcode 🚀", "node", WorkspaceStatus.Running, Guid.Parse("5b0c0c5e-9a51-4c55-8f0e-2f1d1b0f3a11"),
            Guid.Parse("0e6f3a2b-7c1d-4e8f-9a0b-1c2d3e4f5a6b"), WorkspacePermission.Admin, 12.75, 50_000_000, 1L << 30,
            DateTimeOffset.FromUnixTimeMilliseconds(1_765_000_000_123), DateTimeOffset.FromUnixTimeMilliseconds(1_765_000_999_000)),
        new("0f0e0d0c0b0a", "viewer's copy", "blank", WorkspaceStatus.Stopped, null, Guid.NewGuid(), WorkspacePermission.Read, null, null, 512L * 1024 * 1024,
            DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_000), null),
        new("ffffffffffff", "", "python", WorkspaceStatus.Failed, Guid.NewGuid(), null, WorkspacePermission.Write, 0.1 + 0.2, 0, 0,
            DateTimeOffset.FromUnixTimeMilliseconds(0), DateTimeOffset.FromUnixTimeMilliseconds(-1)),
    ];

    [Fact]
    public async Task The_listing_is_written_byte_for_byte_as_the_reflection_serializer_writes_it_with_the_apis_options()
    {
        var reflection = new JsonSerializerOptions(ApiOptions()) { TypeInfoResolver = new DefaultJsonTypeInfoResolver() };
        var expected = JsonSerializer.SerializeToUtf8Bytes(s_listing, reflection);
        var context = new DefaultHttpContext
        {
            RequestServices = new ServiceCollection().AddOptions().ConfigureHttpJsonOptions(json => WireJson.Apply(json.SerializerOptions)).BuildServiceProvider(),
        };
        using var body = new MemoryStream();
        context.Response.Body = body;

        await new GeneratedJsonOk<IReadOnlyList<WorkspaceSummary>>(s_listing, WireJsonContext.Default.IReadOnlyListWorkspaceSummary).ExecuteAsync(context);

        Assert.Equal(StatusCodes.Status200OK, context.Response.StatusCode);
        Assert.Equal("application/json; charset=utf-8", context.Response.ContentType);
        Assert.Equal(Encoding.UTF8.GetString(expected), Encoding.UTF8.GetString(body.ToArray()));
        Assert.Contains("\"status\":\"running\"", Encoding.UTF8.GetString(expected), StringComparison.Ordinal);
        Assert.Equal(expected, JsonSerializer.SerializeToUtf8Bytes(s_listing, ApiOptions()));
    }

    [Fact]
    public void The_apis_options_take_the_listing_from_the_context_and_every_other_type_from_reflection()
    {
        var api = ApiOptions();

        Assert.Same(WireJsonContext.Default, api.GetTypeInfo(typeof(IReadOnlyList<WorkspaceSummary>)).OriginatingResolver);
        Assert.IsType<DefaultJsonTypeInfoResolver>(api.GetTypeInfo(typeof(WorkspaceResourceUsage)).OriginatingResolver);

        // Options made without a resolver (SignalR's) keep reflection behind the context too.
        var bare = new JsonSerializerOptions();
        WireJson.Apply(bare);
        Assert.Equal("{\"Status\":\"stopping\"}", JsonSerializer.Serialize(new { Status = WorkspaceStatus.Stopping }, bare));
    }

    [Fact]
    public void The_contexts_own_options_are_the_apis_contract()
    {
        var api = ApiOptions();
        var generated = WireJsonContext.Default.Options;

        Assert.Same(api.PropertyNamingPolicy, generated.PropertyNamingPolicy);
        Assert.Equal(api.PropertyNameCaseInsensitive, generated.PropertyNameCaseInsensitive);
        Assert.Equal(api.NumberHandling, generated.NumberHandling);
        Assert.Equal(api.DefaultIgnoreCondition, generated.DefaultIgnoreCondition);
        Assert.Equal(api.RespectNullableAnnotations, generated.RespectNullableAnnotations);
        Assert.Equal(api.WriteIndented, generated.WriteIndented);
        Assert.Null(generated.Encoder); // the API's relaxed escaping comes with GeneratedJsonOk's writer (the listing's test above)
        Assert.Equal(api.DictionaryKeyPolicy, generated.DictionaryKeyPolicy);
        Assert.Equal(api.ReferenceHandler, generated.ReferenceHandler);
        Assert.Equal(api.UnmappedMemberHandling, generated.UnmappedMemberHandling);
        Assert.Equal(api.AllowTrailingCommas, generated.AllowTrailingCommas);
        Assert.Equal(api.ReadCommentHandling, generated.ReadCommentHandling);
        Assert.Equal(api.MaxDepth, generated.MaxDepth);
        Assert.All(Enum.GetValues<WorkspaceStatus>(), status => Assert.Equal(JsonSerializer.Serialize(status, api), JsonSerializer.Serialize(status, generated)));
        Assert.All(Enum.GetValues<WorkspacePermission>(), permission => Assert.Equal(JsonSerializer.Serialize(permission, api), JsonSerializer.Serialize(permission, generated)));
        Assert.All(Enum.GetValues<WorkspaceNetworkPolicy>(), network => Assert.Equal(JsonSerializer.Serialize(network, api), JsonSerializer.Serialize(network, generated)));
        Assert.Equal("\"running\"", JsonSerializer.Serialize(WorkspaceStatus.Running, generated));
        var details = JsonSerializer.Deserialize("""{"ID":"x","Status":"Running","permission":"write"}""", WireJsonContext.Default.WorkspaceDetails);
        Assert.Equal(("x", WorkspaceStatus.Running, WorkspacePermission.Write), (details!.Id, details.Status, details.Permission));
    }

    /// <summary>The options the API serializes with: the framework's defaults with <see cref="WireJson"/> applied, as AddWebFrontHttp does.</summary>
    private static JsonSerializerOptions ApiOptions()
    {
        var options = new HttpJsonOptions().SerializerOptions;
        WireJson.Apply(options);
        return options;
    }
}
