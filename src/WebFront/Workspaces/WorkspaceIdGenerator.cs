using System.Security.Cryptography;

namespace Vibe.WebFront.Workspaces;

/// <summary>New workspace ids: 14 random lower-case letters and digits (72 bits), valid as Docker container names and host directories.</summary>
internal static class WorkspaceIdGenerator
{
    private const string Alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
    private const int Length = 14;

    public static string NewId() => RandomNumberGenerator.GetString(Alphabet, Length);
}
