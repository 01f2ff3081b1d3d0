namespace Vibe.Cli.Api;

/// <summary>The server refused a request: <see cref="Status"/> is its HTTP status, <see cref="Title"/> the problem's title, the message its detail.</summary>
internal sealed class ApiException(int status, string? title, string message) : CliException(message)
{
    public int Status { get; } = status;

    public string? Title { get; } = title;

    /// <summary>A 404 about the workspace itself (not a file in it): it does not exist, or the caller may not see it.</summary>
    public bool IsWorkspaceNotFound => Status == 404 && Title == "Workspace not found";
}
