using System.Globalization;
using System.Text;

namespace Vibe.Docker.Transport;

/// <summary>Builds a request path with an escaped query string.</summary>
internal sealed class QueryString
{
    private readonly StringBuilder _builder;
    private bool _hasQuery;

    public QueryString(string path)
    {
        _builder = new StringBuilder(path);
    }

    public QueryString Add(string name, string? value)
    {
        if (value is null)
        {
            return this;
        }

        _builder.Append(_hasQuery ? '&' : '?').Append(name).Append('=').Append(Uri.EscapeDataString(value));
        _hasQuery = true;
        return this;
    }

    public QueryString Add(string name, bool value) => Add(name, value ? "1" : "0");

    public QueryString Add(string name, long? value) => value is null ? this : Add(name, value.Value.ToString(CultureInfo.InvariantCulture));

    /// <summary>Adds the flag only when it is set, leaving the daemon's default otherwise.</summary>
    public QueryString AddIfTrue(string name, bool value) => value ? Add(name, "1") : this;

    public override string ToString() => _builder.ToString();
}
