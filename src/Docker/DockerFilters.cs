using System.Text.Json;
using Vibe.Docker.Serialization;

namespace Vibe.Docker;

/// <summary>The <c>filters</c> query parameter of list and events calls: a map of filter name to accepted values, sent as JSON.</summary>
public sealed class DockerFilters
{
    private readonly Dictionary<string, List<string>> _filters = new(StringComparer.Ordinal);

    public bool IsEmpty => _filters.Count == 0;

    /// <summary>Adds a value to a filter; values of one filter are ORed, different filters are ANDed.</summary>
    public DockerFilters Add(string name, string value)
    {
        if (!_filters.TryGetValue(name, out var values))
        {
            values = [];
            _filters.Add(name, values);
        }

        values.Add(value);
        return this;
    }

    /// <summary>Objects carrying the label <paramref name="key"/> (with <paramref name="value"/> when given).</summary>
    public DockerFilters Label(string key, string? value = null) => Add("label", value is null ? key : key + "=" + value);

    public static DockerFilters ByLabel(string key, string? value = null) => new DockerFilters().Label(key, value);

    internal string? ToJson() => IsEmpty ? null : JsonSerializer.Serialize(_filters, DockerJsonContext.Default.DictionaryStringListString);

    public override string ToString() => ToJson() ?? "{}";
}
