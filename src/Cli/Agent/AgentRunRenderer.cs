using Spectre.Console;
using Vibe.Cli.Api.Models;

namespace Vibe.Cli.Agent;

/// <summary>
/// Shows an agent run's events as they stream: the model's text as it is written, each tool call on a line of its own
/// with its arguments, its outcome (and the diff of a file edit) below it.
/// </summary>
internal sealed class AgentRunRenderer(IAnsiConsole console)
{
    private const int MaxArgumentChars = 160;
    private const int MaxOutputLines = 8;

    private bool _atLineStart = true;

    public void Render(AgentRunEvent e)
    {
        switch (e.Kind)
        {
            case "textDelta" when e.Text is { Length: > 0 } text:
                console.Write(new Text(text));
                _atLineStart = text.EndsWith('\n');
                break;
            case "toolCallStarted":
                StartLine();
                console.MarkupLine($"[blue]▸ {Markup.Escape(e.ToolName ?? "tool")}[/] [grey]{Markup.Escape(Shorten(e.Input ?? "", MaxArgumentChars))}[/]");
                break;
            case "toolCallFinished":
                StartLine();
                var lines = (e.Output ?? "").Split('\n');
                console.MarkupLine(e.IsError
                    ? $"  [red]✗ {Markup.Escape(Shorten(lines[0], MaxArgumentChars))}[/]"
                    : $"  [green]✓[/] [grey]{Markup.Escape(Shorten(lines[0], MaxArgumentChars))}{(lines.Length > 1 ? $" (+{lines.Length - 1} lines)" : "")}[/]");
                if (e.Diff is { Length: > 0 } diff)
                {
                    WriteDiff(diff);
                }

                break;
            case "finished":
                StartLine();
                break;
        }
    }

    private void WriteDiff(string diff)
    {
        var lines = diff.TrimEnd('\n').Split('\n');
        foreach (var line in lines.Take(MaxOutputLines * 5))
        {
            var style = line switch
            {
                _ when line.StartsWith("+++", StringComparison.Ordinal) || line.StartsWith("---", StringComparison.Ordinal) => "bold",
                _ when line.StartsWith('+') => "green",
                _ when line.StartsWith('-') => "red",
                _ when line.StartsWith("@@", StringComparison.Ordinal) => "cyan",
                _ => "grey",
            };
            console.MarkupLine($"    [{style}]{Markup.Escape(line)}[/]");
        }

        if (lines.Length > MaxOutputLines * 5)
        {
            console.MarkupLine($"    [grey]… {lines.Length - (MaxOutputLines * 5)} more lines[/]");
        }
    }

    private void StartLine()
    {
        if (!_atLineStart)
        {
            console.WriteLine();
            _atLineStart = true;
        }
    }

    private static string Shorten(string text, int max)
    {
        var flat = text.ReplaceLineEndings(" ");
        return flat.Length <= max ? flat : flat[..(max - 1)] + "…";
    }
}
