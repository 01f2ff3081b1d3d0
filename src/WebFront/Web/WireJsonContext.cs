using System.Text.Json;
using System.Text.Json.Serialization;
using Vibe.Grains.Interfaces.Workspaces;
using Vibe.WebFront.Workspaces;

namespace Vibe.WebFront.Web;

/// <summary>
/// The serializers of the hottest wire types, generated at build time with <see cref="WireJson"/>'s contract (the web
/// defaults: camelCase names, case-insensitive reading, nulls written; numbers strict; enums as camelCase strings). <see cref="WireJson.Apply"/>
/// puts it first in the API's and the hub's resolver chain, the reflection resolver behind it for every other type.
/// </summary>
[JsonSourceGenerationOptions(
    JsonSerializerDefaults.Web,
    NumberHandling = JsonNumberHandling.Strict,
    Converters = [typeof(CamelCaseEnumConverter<WorkspaceStatus>), typeof(CamelCaseEnumConverter<WorkspacePermission>), typeof(CamelCaseEnumConverter<WorkspaceNetworkPolicy>)])]
[JsonSerializable(typeof(IReadOnlyList<WorkspaceSummary>))]
[JsonSerializable(typeof(WorkspaceDetails))]
internal sealed partial class WireJsonContext : JsonSerializerContext;
