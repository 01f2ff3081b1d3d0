using System.Reflection;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Vibe.Hosting.Storage;

/// <summary>
/// Reads back, with System.Text.Json, the producers Orleans keeps in a stream's pub-sub state (its internal
/// PubSubPublisherState: stream, producer, membership version). System.Text.Json writes that type, but its only
/// constructor takes parameters named after none of its fields, so reading failed and a stream whose rendezvous grain
/// was reactivated could not be joined again. The JSON is the one System.Text.Json writes: {"Stream", "Producer", "MembershipVersion"}.
/// </summary>
internal sealed class PubSubPublisherStateJsonConverter : JsonConverterFactory
{
    private const string TypeName = "Orleans.Streams.PubSubPublisherState";

    public override bool CanConvert(Type typeToConvert) => typeToConvert.FullName == TypeName && typeToConvert.IsClass;

    public override JsonConverter CreateConverter(Type typeToConvert, JsonSerializerOptions options) =>
        (JsonConverter)Activator.CreateInstance(typeof(Converter<>).MakeGenericType(typeToConvert))!;

    private sealed class Converter<T> : JsonConverter<T>
        where T : class
    {
        /// <summary>The fields, by the names System.Text.Json gives them: Stream (QualifiedStreamId), Producer (GrainId), MembershipVersion.</summary>
        private static readonly FieldInfo[] Fields = [Field("Stream"), Field("Producer"), Field("MembershipVersion")];

        public override T Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                throw new JsonException($"A stream producer ({TypeName}) is a JSON object, not {reader.TokenType}.");
            }

            // Every field is read from the JSON, so no constructor needs to run.
            var state = (T)RuntimeHelpers.GetUninitializedObject(typeof(T));
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var name = reader.GetString();
                var field = Array.Find(Fields, field => field.Name == name);
                reader.Read();
                if (field is null)
                {
                    reader.Skip();
                    continue;
                }

                field.SetValue(state, JsonSerializer.Deserialize(ref reader, field.FieldType, options));
            }

            return state;
        }

        public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options)
        {
            writer.WriteStartObject();
            foreach (var field in Fields)
            {
                writer.WritePropertyName(field.Name);
                JsonSerializer.Serialize(writer, field.GetValue(value), field.FieldType, options);
            }

            writer.WriteEndObject();
        }

        private static FieldInfo Field(string name) =>
            typeof(T).GetField(name, BindingFlags.Public | BindingFlags.Instance)
            ?? throw new InvalidOperationException($"{TypeName} has no field {name} any more: update {nameof(PubSubPublisherStateJsonConverter)} to this Orleans version.");
    }
}
