namespace Vibe.WebFront.Workspaces;

/// <summary>The body of <c>POST /api/v1/workspaces/{id}/exec</c>.</summary>
/// <param name="Command">The program and its arguments, run without a shell (<c>["sh", "-c", "ls -la"]</c> for one).</param>
/// <param name="TimeoutSeconds">How long the command may run before the answer says it timed out; the most the silo allows when null.</param>
internal sealed record ExecRequest(IReadOnlyList<string>? Command, double? TimeoutSeconds = null);
