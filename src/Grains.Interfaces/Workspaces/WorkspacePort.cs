namespace Vibe.Grains.Interfaces.Workspaces;

/// <summary>A TCP port a process in the workspace's container listens on.</summary>
/// <param name="LoopbackOnly">It listens on 127.0.0.1 or ::1 only, so the preview cannot reach it: the server must listen on 0.0.0.0.</param>
/// <param name="Public">The owner made its preview open to anyone with the link.</param>
[GenerateSerializer, Alias("Vibe.WorkspacePort")]
public sealed record WorkspacePort([Id(0)] int Port, [Id(1)] bool LoopbackOnly, [Id(2)] bool Public);
