using System.Text.Json;
using System.Text.Json.Serialization;

namespace Vibe.Actors.Cluster;

/// <summary>Writes a silo address as its "ip:port@generation" string.</summary>
internal sealed class SiloAddressJsonConverter : JsonConverter<SiloAddress>
{
    public override SiloAddress Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        SiloAddress.Parse(reader.GetString() ?? throw new JsonException("A silo address must be a string."));

    public override void Write(Utf8JsonWriter writer, SiloAddress value, JsonSerializerOptions options) => writer.WriteStringValue(value.ToString());
}
