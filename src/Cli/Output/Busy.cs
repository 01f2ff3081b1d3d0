using Spectre.Console;

namespace Vibe.Cli.Output;

/// <summary>A spinner on stderr while something takes a while, when a person watches; nothing otherwise.</summary>
internal static class Busy
{
    public static Task<T> RunAsync<T>(string status, Func<Task<T>> work) =>
        Consoles.Interactive
            ? Consoles.Error.Status().Spinner(Spinner.Known.Dots).StartAsync(Markup.Escape(status) + "…", _ => work())
            : work();
}
