namespace Vibe.Docker.Exec;

internal sealed class ExecCreateResponse
{
    public string Id { get; init; } = "";
}
