namespace Vibe.WebFront.Hubs;

/// <summary>One method of <see cref="IWorkspaceClient"/>: its name (for logs) and how to call it with a payload.</summary>
internal sealed record HubClientMethod(string Name, Func<IWorkspaceClient, object, Task> Send)
{
    public override string ToString() => Name;
}
