using System.Runtime.InteropServices;

namespace Vibe.Hosting.Clustering;

/// <summary>
/// Orleans' <see cref="IFatalErrorHandler"/> for Vibe's silos: when the cluster declares this silo dead (or the runtime
/// meets an error it cannot survive), it logs one line, flushes the log and ends the process at once with
/// <see cref="VibeHost.DeclaredDeadExitCode"/>, so that a supervisor sees why and starts a new silo. Orleans' own handler
/// aborts the process (SIGABRT, status 134). No graceful stop runs: the silo's grains may already be active elsewhere.
/// </summary>
internal sealed partial class DeclaredDeadExit(ILogger<DeclaredDeadExit> logger, ILocalSiloDetails silo, Serilog.Core.Logger serilog) : IFatalErrorHandler
{
    private int _exiting;

    /// <summary>Every exception that reaches the runtime's last catch is fatal (Orleans' own handler spares only thread aborts, which .NET no longer raises).</summary>
    public bool IsUnexpected(Exception exception) => true;

    public void OnFatalException(object? sender = null, string? context = null, Exception? exception = null)
    {
        // Several runtime loops may report at once: the first one logs and exits, the others wait for the end.
        if (Interlocked.Exchange(ref _exiting, 1) == 1)
        {
            Thread.Sleep(Timeout.Infinite);
        }

        if (exception is null)
        {
            LogDeclaredDead(logger, silo.SiloAddress.ToString(), context ?? "no reason given", VibeHost.DeclaredDeadExitCode);
        }
        else
        {
            LogRuntimeFailed(logger, exception, sender?.GetType().Name ?? "the runtime", context ?? "no context given", VibeHost.DeclaredDeadExitCode);
        }

        // Serilog writes synchronously, but a sink may buffer: disposing flushes it before the process ends.
        serilog.Dispose();
        ExitProcess(VibeHost.DeclaredDeadExitCode);
    }

    /// <summary>
    /// Ends the process with <paramref name="status"/> without running shutdown handlers: Environment.Exit would start the
    /// host's graceful stop (deactivating grains other silos now own), and the console lifetime then resets the code to 0.
    /// </summary>
    [DllImport("libc", EntryPoint = "_exit")]
    private static extern void ExitProcess(int status);

    [LoggerMessage(EventId = 6, Level = LogLevel.Critical, Message = "Vibe stopped: the cluster declared silo {SiloAddress} dead ({Reason}); exiting with code {ExitCode} so that a supervisor starts a new silo")]
    private static partial void LogDeclaredDead(ILogger logger, string siloAddress, string reason, int exitCode);

    [LoggerMessage(EventId = 7, Level = LogLevel.Critical, Message = "Vibe stopped: the Orleans runtime failed in {Component} ({Context}); exiting with code {ExitCode} so that a supervisor starts a new silo")]
    private static partial void LogRuntimeFailed(ILogger logger, Exception exception, string component, string context, int exitCode);
}
