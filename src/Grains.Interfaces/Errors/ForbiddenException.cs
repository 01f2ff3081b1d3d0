namespace Vibe.Grains.Interfaces.Errors;

/// <summary>A call the caller may not make (a file the workspace's user may not touch, an action that needs more access); the message says why, for the caller to show (403 on REST).</summary>
[GenerateSerializer, Alias("Vibe.ForbiddenException")]
public sealed class ForbiddenException : UnauthorizedAccessException
{
    public ForbiddenException()
    {
    }

    public ForbiddenException(string message)
        : base(message)
    {
    }

    public ForbiddenException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
