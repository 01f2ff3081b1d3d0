using System.Text;

namespace Vibe.Actors.CodeGen;

/// <summary>Names of the generated types, derived from the interface's full name so that they never collide.</summary>
internal static class GeneratedNames
{
    public const string Namespace = "VibeGenerated";

    /// <summary>
    /// Turns a full name into one identifier: '_' is doubled first and every other non-identifier character
    /// ('.', '&lt;', ',') becomes a single '_', so <c>A.B_C</c> and <c>A_B.C</c> stay distinct.
    /// </summary>
    public static string Mangle(string fullName)
    {
        var builder = new StringBuilder(fullName.Length + 8);
        foreach (var c in fullName)
        {
            if (c == '_')
            {
                builder.Append("__");
            }
            else if (char.IsLetterOrDigit(c))
            {
                builder.Append(c);
            }
            else if (c != ' ')
            {
                builder.Append('_');
            }
        }

        return builder.ToString();
    }

    public static string Proxy(string interfaceFullName) => Mangle(interfaceFullName) + "_Proxy";
}
