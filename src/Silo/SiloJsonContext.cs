using System.Text.Json;
using System.Text.Json.Serialization;
using Vibe.Silo.Samples;

namespace Vibe.Silo;

/// <summary>Source-generated JSON for the Silo's responses (camelCase, as the web defaults).</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(GreetingResponse))]
internal sealed partial class SiloJsonContext : JsonSerializerContext;
