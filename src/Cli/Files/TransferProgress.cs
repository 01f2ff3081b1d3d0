using Spectre.Console;
using Vibe.Cli.Output;

namespace Vibe.Cli.Files;

/// <summary>A progress bar on stderr for a transfer of a known size, when a person watches; nothing otherwise.</summary>
internal static class TransferProgress
{
    public static Task RunAsync(string description, long totalBytes, Func<Action<long>, Task> work)
    {
        if (!Consoles.Interactive)
        {
            return work(static _ => { });
        }

        return Consoles.Error.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new DownloadedColumn(), new TransferSpeedColumn(), new RemainingTimeColumn())
            .StartAsync(async context =>
            {
                var task = context.AddTask(Markup.Escape(description), maxValue: Math.Max(1, totalBytes));
                await work(bytes => task.Increment(bytes));
                task.Value = task.MaxValue;
            });
    }
}
