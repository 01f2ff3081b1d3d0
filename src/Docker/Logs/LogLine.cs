namespace Vibe.Docker.Logs;

/// <summary>One line of container output, without its line ending. <see cref="Timestamp"/> is set when timestamps were requested.</summary>
public readonly record struct LogLine(StdStream Stream, string Text, DateTimeOffset? Timestamp);
