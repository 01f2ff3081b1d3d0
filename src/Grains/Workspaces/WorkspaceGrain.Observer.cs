using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Vibe.Grains.Workspaces;

/// <summary>Tells the host's <see cref="IWorkspaceStatusObserver"/>, when it registered one, about each persisted change.</summary>
internal sealed partial class WorkspaceGrain
{
    private static readonly TimeSpan ObserverTimeout = TimeSpan.FromSeconds(5);

    private async Task NotifyObserverAsync()
    {
        if (ServiceProvider.GetService<IWorkspaceStatusObserver>() is not { } observer)
        {
            return;
        }

        try
        {
            using var timeout = new CancellationTokenSource(ObserverTimeout);
            await observer.WorkspaceChangedAsync(Info(), timeout.Token);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            LogObserverFailed(logger, ex, Id, State.Status);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Workspace {WorkspaceId}: the status observer failed on {Status}")]
    private static partial void LogObserverFailed(ILogger logger, Exception ex, string workspaceId, WorkspaceStatus? status);
}
