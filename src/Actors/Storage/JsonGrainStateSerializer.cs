using System.Text.Json;

namespace Vibe.Actors.Storage;

/// <summary>Stores grain state as UTF-8 JSON with System.Text.Json; the default options are <see cref="JsonSerializerDefaults.Web"/>.</summary>
public sealed class JsonGrainStateSerializer : IGrainStateSerializer
{
    private readonly JsonSerializerOptions _options;

    public JsonGrainStateSerializer(JsonSerializerOptions? options = null)
    {
        _options = options ?? new JsonSerializerOptions(JsonSerializerDefaults.Web);
    }

    public byte[] Serialize<TState>(TState state) => JsonSerializer.SerializeToUtf8Bytes(state, _options);

    public TState Deserialize<TState>(ReadOnlySpan<byte> data) => JsonSerializer.Deserialize<TState>(data, _options)!;
}
