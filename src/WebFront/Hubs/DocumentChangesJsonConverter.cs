using System.Text.Json;
using System.Text.Json.Serialization;

namespace Vibe.WebFront.Hubs;

/// <summary>
/// Carries a ChangeSet as a JSON value on the wire but as its JSON text in .NET: reading keeps the value's raw text (what
/// the document grain stores), writing puts the stored text back as a value, with no parse into a DOM in between.
/// </summary>
internal sealed class DocumentChangesJsonConverter : JsonConverter<string>
{
    public override string Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        using var value = JsonDocument.ParseValue(ref reader);
        return value.RootElement.GetRawText();
    }

    public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options) => writer.WriteRawValue(value);
}
