using System.Text.Json;
using System.Text.Json.Serialization;
using Vibe.Actors.Invocation;

namespace Vibe.Actors.Messaging;

/// <summary>Writes grain references (arguments, results, state) as their grain id and interface, and reads them back as proxies.</summary>
internal sealed class GrainReferenceJsonConverterFactory(IGrainReferenceRuntime runtime) : JsonConverterFactory
{
    public override bool CanConvert(Type typeToConvert) =>
        typeof(IAddressable).IsAssignableFrom(typeToConvert) && (typeToConvert.IsInterface || typeof(GrainReference).IsAssignableFrom(typeToConvert));

    public override JsonConverter? CreateConverter(Type typeToConvert, JsonSerializerOptions options) =>
        (JsonConverter?)Activator.CreateInstance(typeof(Converter<>).MakeGenericType(typeToConvert), runtime);

    private sealed class Converter<T>(IGrainReferenceRuntime runtime) : JsonConverter<T>
        where T : class
    {
        public override T? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            if (reader.TokenType == JsonTokenType.Null)
            {
                return null;
            }

            string? grain = null;
            string? interfaceName = null;
            while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
            {
                var name = reader.GetString();
                reader.Read();
                if (name == "grain")
                {
                    grain = reader.GetString();
                }
                else if (name == "interface")
                {
                    interfaceName = reader.GetString();
                }
            }

            if (grain is null)
            {
                throw new JsonException("A grain reference needs a \"grain\" id.");
            }

            var interfaceType = typeToConvert.IsInterface && typeToConvert != typeof(IAddressable) && typeToConvert != typeof(IGrain)
                ? typeToConvert
                : (interfaceName is null ? null : GeneratedCodeRegistry.FindInterface(interfaceName)?.InterfaceType)
                    ?? throw new JsonException($"Unknown grain interface '{interfaceName}'.");
            return (T)(object)runtime.CreateReference(interfaceType, GrainId.Parse(grain));
        }

        public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options)
        {
            if (value is not GrainReference reference)
            {
                throw new JsonException($"Only grain references can be sent where {typeof(T).Name} is expected, not a {value.GetType().Name}.");
            }

            writer.WriteStartObject();
            writer.WriteString("grain", reference.GrainId.ToString());
            writer.WriteString("interface", GeneratedCodeRegistry.FindInterface(reference.InterfaceType)?.InterfaceName ?? reference.InterfaceType.FullName);
            writer.WriteEndObject();
        }
    }
}
