namespace Vibe.WebFront.Preview;

/// <summary>A port a process in the workspace listens on, as the API shows it.</summary>
/// <param name="LoopbackOnly">It listens on 127.0.0.1 or ::1 only, which the preview cannot reach: the server should listen on 0.0.0.0.</param>
/// <param name="Public">Anyone with the link may open its preview.</param>
public sealed record PreviewPort(int Port, bool LoopbackOnly, bool Public);
