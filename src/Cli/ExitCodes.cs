namespace Vibe.Cli;

/// <summary>The exit codes vibe itself uses; <c>exec</c> and <c>ssh</c> otherwise exit with the remote command's code.</summary>
internal static class ExitCodes
{
    public const int Success = 0;

    /// <summary>vibe failed (not signed in, not found, not allowed, server unreachable...); the message says why.</summary>
    public const int Failure = 1;

    /// <summary>The command line is wrong; the message and <c>--help</c> say how it goes.</summary>
    public const int Usage = 2;

    /// <summary>The command run by <c>exec</c> did not finish within its timeout (as coreutils' timeout).</summary>
    public const int TimedOut = 124;

    /// <summary>vibe itself failed in <c>exec</c> or <c>ssh</c>, whose other codes are the remote command's (as docker exec).</summary>
    public const int RemoteCommandFailure = 125;

    /// <summary>Interrupted with Ctrl+C (128 + SIGINT).</summary>
    public const int Interrupted = 130;
}
