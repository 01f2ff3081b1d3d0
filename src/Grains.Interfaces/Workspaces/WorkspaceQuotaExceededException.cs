namespace Vibe.Grains.Interfaces.Workspaces;

/// <summary>Starting the workspace would exceed its owner's limit of running workspaces; the message says the limit and which ones run.</summary>
[GenerateSerializer, Alias("Vibe.WorkspaceQuotaExceededException")]
public sealed class WorkspaceQuotaExceededException : InvalidOperationException
{
    public WorkspaceQuotaExceededException()
    {
    }

    public WorkspaceQuotaExceededException(string message)
        : base(message)
    {
    }

    public WorkspaceQuotaExceededException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
