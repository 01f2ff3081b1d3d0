namespace Vibe.Grains.Interfaces.Errors;

/// <summary>A call's arguments were refused before anything changed; the message says what is wrong, for the caller to show (400 on REST).</summary>
[GenerateSerializer, Alias("Vibe.InvalidRequestException")]
public sealed class InvalidRequestException : ArgumentException
{
    public InvalidRequestException()
    {
    }

    public InvalidRequestException(string message)
        : base(message)
    {
    }

    public InvalidRequestException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
