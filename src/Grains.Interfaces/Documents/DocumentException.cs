namespace Vibe.Grains.Interfaces.Documents;

/// <summary>A request about a document that cannot be carried out (bad ChangeSet, missing or binary file); the message says why.</summary>
[GenerateSerializer, Alias("Vibe.DocumentException")]
public sealed class DocumentException : Exception
{
    public DocumentException()
    {
    }

    public DocumentException(string message)
        : base(message)
    {
    }

    public DocumentException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
