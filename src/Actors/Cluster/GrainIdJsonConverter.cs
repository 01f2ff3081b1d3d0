using System.Text.Json;
using System.Text.Json.Serialization;

namespace Vibe.Actors.Cluster;

/// <summary>Writes a grain id as its "type/key" string.</summary>
internal sealed class GrainIdJsonConverter : JsonConverter<GrainId>
{
    public override GrainId Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        GrainId.Parse(reader.GetString() ?? throw new JsonException("A grain id must be a string."));

    public override void Write(Utf8JsonWriter writer, GrainId value, JsonSerializerOptions options) => writer.WriteStringValue(value.ToString());
}
