namespace Vibe.Grains.Documents;

/// <summary>An event of <see cref="DocumentStreams.Notices"/>, with a message to show the editors.</summary>
public sealed record DocumentNotice(string DocumentKey, DocumentNoticeKind Kind, string? NewPath, string Message);
