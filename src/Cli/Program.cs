using System.Runtime.Versioning;
using Vibe.Cli;

// The client needs a Unix terminal (termios for vibe ssh) and Unix file modes (the 0600 credentials file).
[assembly: UnsupportedOSPlatform("windows")]

return await CliApp.RunAsync(args);
