using System.Text.Json;
using System.Text.Json.Serialization;

namespace Vibe.TestSilo;

/// <summary>Source-generated JSON for the test silo's responses (camelCase, as the web defaults).</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(GreetingResponse))]
internal sealed partial class TestSiloJsonContext : JsonSerializerContext;
