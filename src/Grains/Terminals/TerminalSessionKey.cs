using System.Security.Cryptography;
using Vibe.Grains.Interfaces.Errors;
using Vibe.Grains.Workspaces;

namespace Vibe.Grains.Terminals;

/// <summary>The key of a terminal session grain, <c>"{workspaceId}/{sessionId}"</c>, and the ids of new sessions.</summary>
internal readonly record struct TerminalSessionKey(string WorkspaceId, string SessionId)
{
    public const int MaxSessionIdLength = 32;

    private const string SessionIdAlphabet = "abcdefghijklmnopqrstuvwxyz0123456789";

    /// <summary>Throws <see cref="ArgumentException"/> unless <paramref name="key"/> is a valid workspace id, '/', and 1 to 32 ASCII letters and digits.</summary>
    public static TerminalSessionKey Parse(string key)
    {
        // Workspace ids contain no '/', so the last one separates the two parts.
        var slash = key.LastIndexOf('/');
        if (slash > 0 && WorkspaceIds.IsValid(key[..slash]) && IsValidSessionId(key[(slash + 1)..]))
        {
            return new TerminalSessionKey(key[..slash], key[(slash + 1)..]);
        }

        throw new InvalidRequestException(
            $"'{key}' is not a terminal session key: use \"{{workspaceId}}/{{sessionId}}\" with a session id of 1 to {MaxSessionIdLength} ASCII letters and digits.");
    }

    /// <summary>A new random session id: 10 lower-case letters and digits (about 51 bits).</summary>
    public static string NewSessionId() => RandomNumberGenerator.GetString(SessionIdAlphabet, 10);

    public static string Format(string workspaceId, string sessionId) => $"{workspaceId}/{sessionId}";

    public override string ToString() => Format(WorkspaceId, SessionId);

    private static bool IsValidSessionId(string sessionId)
    {
        if (sessionId.Length is 0 or > MaxSessionIdLength)
        {
            return false;
        }

        foreach (var c in sessionId)
        {
            if (!char.IsAsciiLetterOrDigit(c))
            {
                return false;
            }
        }

        return true;
    }
}
