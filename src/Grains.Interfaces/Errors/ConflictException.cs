namespace Vibe.Grains.Interfaces.Errors;

/// <summary>A call that is not possible in the target's current state (a stopped workspace, an ended terminal); the message says why and what to do first, for the caller to show (409 on REST).</summary>
[GenerateSerializer, Alias("Vibe.ConflictException")]
public sealed class ConflictException : InvalidOperationException
{
    public ConflictException()
    {
    }

    public ConflictException(string message)
        : base(message)
    {
    }

    public ConflictException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
