using Spectre.Console;

namespace Vibe.Cli.Output;

/// <summary>
/// Where vibe writes: results (tables, JSON, command output) to stdout, and everything meant for the person at the
/// terminal (progress, spinners, hints, errors) to stderr, so that stdout stays clean for scripts and pipes.
/// </summary>
internal static class Consoles
{
    private static readonly Lazy<IAnsiConsole> s_out = new(() => Create(Console.Out, Console.IsOutputRedirected));
    private static readonly Lazy<IAnsiConsole> s_error = new(() => Create(Console.Error, Console.IsErrorRedirected));

    public static IAnsiConsole Out => s_out.Value;

    public static IAnsiConsole Error => s_error.Value;

    /// <summary>Whether a person is likely watching stderr (so progress and spinners are worth drawing).</summary>
    public static bool Interactive => !Console.IsErrorRedirected;

    public static void WriteError(string message) => WriteLine("error: ", "\e[31m", message);

    public static void WriteWarning(string message) => WriteLine("warning: ", "\e[33m", message);

    public static void WriteNote(string message) => WriteLine("", "\e[90m", message);

    /// <summary>Creates a console that never wraps: a table piped to a file keeps its rows whole.</summary>
    private static IAnsiConsole Create(TextWriter writer, bool redirected)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(writer) });
        if (redirected)
        {
            console.Profile.Width = int.MaxValue / 2;
        }

        return console;
    }

    /// <summary>One line on stderr, unwrapped; coloured when stderr is a terminal.</summary>
    private static void WriteLine(string prefix, string color, string message)
    {
        if (Console.IsErrorRedirected)
        {
            Console.Error.WriteLine(prefix + message);
        }
        else
        {
            Console.Error.WriteLine(prefix.Length > 0 ? $"{color}{prefix}\e[0m{message}" : $"{color}{message}\e[0m");
        }
    }
}
