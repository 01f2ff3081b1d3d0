using Spectre.Console;

namespace Vibe.Cli.Output;

/// <summary>A spinner on stderr while something takes a while, when a person watches; nothing otherwise.</summary>
internal static class Busy
{
    public static Task<T> RunAsync<T>(string status, Func<Task<T>> work) => RunAsync(status, _ => work());

    /// <summary>As <see cref="RunAsync{T}(string, Func{Task{T}})"/>; <paramref name="work"/> may change the status line as it goes.</summary>
    public static Task<T> RunAsync<T>(string status, Func<Action<string>, Task<T>> work) =>
        Consoles.Interactive
            ? Consoles.Error.Status().Spinner(Spinner.Known.Dots).StartAsync(
                Markup.Escape(status) + "…",
                context => work(text => context.Status(Markup.Escape(text) + "…")))
            : work(static _ => { });
}
