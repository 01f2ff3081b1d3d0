using System.Diagnostics;

namespace Vibe.TestSupport;

/// <summary>How the process fixtures start a built program of the solution: <c>dotnet PROGRAM.dll ARGS</c>, configured only by what they pass.</summary>
internal static class DotnetProgram
{
    /// <summary>
    /// The start info for <c>dotnet <paramref name="program"/> <paramref name="arguments"/></c>, output and input redirected,
    /// run from the temp directory, with this process's environment minus its Vibe settings (<c>Vibe__*</c>, URLs and
    /// environment name), so only what the caller passes configures the program under test.
    /// </summary>
    /// <exception cref="FileNotFoundException"><paramref name="program"/> has not been built.</exception>
    public static ProcessStartInfo StartInfo(string program, IEnumerable<string> arguments)
    {
        if (!File.Exists(program))
        {
            throw new FileNotFoundException($"{Path.GetFileName(program)} is not built at {program}; build the solution first.", program);
        }

        var startInfo = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetTempPath(),
        };
        startInfo.ArgumentList.Add(program);
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        foreach (var name in startInfo.Environment.Keys.ToList())
        {
            if (name.StartsWith("Vibe__", StringComparison.OrdinalIgnoreCase)
                || name is "ASPNETCORE_URLS" or "DOTNET_URLS" or "ASPNETCORE_ENVIRONMENT" or "DOTNET_ENVIRONMENT")
            {
                startInfo.Environment.Remove(name);
            }
        }

        return startInfo;
    }
}
