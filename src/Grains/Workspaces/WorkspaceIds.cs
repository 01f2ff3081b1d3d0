using Vibe.Grains.Interfaces.Errors;

namespace Vibe.Grains.Workspaces;

/// <summary>Workspace ids name a host directory and a Docker container, so they are restricted to what both accept.</summary>
public static class WorkspaceIds
{
    public const int MaxLength = 64;

    /// <summary>Throws <see cref="InvalidRequestException"/> unless <paramref name="id"/> is 1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit.</summary>
    public static void Validate(string id)
    {
        if (!IsValid(id))
        {
            throw new InvalidRequestException(
                $"'{id}' is not a valid workspace id: use 1 to {MaxLength} ASCII letters, digits, '.', '_' or '-', starting with a letter or digit.");
        }
    }

    public static bool IsValid(string? id)
    {
        if (string.IsNullOrEmpty(id) || id.Length > MaxLength || !char.IsAsciiLetterOrDigit(id[0]))
        {
            return false;
        }

        foreach (var c in id)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not ('.' or '_' or '-'))
            {
                return false;
            }
        }

        return true;
    }
}
