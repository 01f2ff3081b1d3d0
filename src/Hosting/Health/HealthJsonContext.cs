using System.Text.Json;
using System.Text.Json.Serialization;

namespace Vibe.Hosting.Health;

/// <summary>Source-generated JSON for the health probes' responses (camelCase, as the web defaults).</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(ReadinessReport))]
internal sealed partial class HealthJsonContext : JsonSerializerContext;
