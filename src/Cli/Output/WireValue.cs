using System.Text;

namespace Vibe.Cli.Output;

/// <summary>Enum values as the API and the hub send them (camelCase, like every JSON name: "running", "limitReached").</summary>
internal static class WireValue
{
    /// <summary>A value as a person reads it: "running" as "Running", "limitReached" as "Limit reached".</summary>
    public static string Shown(string value)
    {
        if (value.Length == 0)
        {
            return value;
        }

        var shown = new StringBuilder(value.Length + 4).Append(char.ToUpperInvariant(value[0]));
        foreach (var c in value.AsSpan(1))
        {
            if (char.IsUpper(c))
            {
                shown.Append(' ').Append(char.ToLowerInvariant(c));
            }
            else
            {
                shown.Append(c);
            }
        }

        return shown.ToString();
    }
}
