using System.Diagnostics;

namespace Vibe.Bench.Cli;

/// <summary>One way of building vibe whose start-up cli-exec measures: the build as shipped (JIT), ReadyToRun, Native AOT.</summary>
/// <param name="Executable">The program to run; null when this build could not be made here (<paramref name="Problem"/> says why).</param>
internal sealed record CliBuild(string Name, string? Executable, string? Problem)
{
    /// <summary>
    /// The builds to compare: the Release build (what the tool package and ./vibe without a C compiler run), and
    /// ReadyToRun and Native AOT (what ./vibe runs with one) publishes for this machine, made in a cache folder and remade when the Release build is newer. With
    /// <paramref name="quick"/> only publishes already made are used (making them takes minutes).
    /// </summary>
    public static async Task<IReadOnlyList<CliBuild>> PrepareAsync(string repositoryRoot, bool quick)
    {
        var project = Path.Combine(repositoryRoot, "src", "Cli", "Vibe.Cli.csproj");
        var shipped = Path.Combine(repositoryRoot, "src", "Cli", "bin", "Release", "net10.0", "vibe");
        if (!File.Exists(shipped))
        {
            throw new InvalidOperationException($"{shipped} is missing: build src/Cli in Release first (bench/run builds it).");
        }

        var cache = Path.Combine(Path.GetTempPath(), "vibe-bench-cli");
        return
        [
            new CliBuild("jit", shipped, null),
            await PublishAsync("r2r", project, shipped, Path.Combine(cache, "r2r"), ["-p:PublishReadyToRun=true"], quick),
            await PublishAsync("aot", project, shipped, Path.Combine(cache, "aot"), ["-p:PublishAot=true", $"-p:CppCompilerAndLinker={CCompiler()}"], quick),
        ];
    }

    /// <summary>The C compiler and linker Native AOT links with: clang where there is one (its default), else gcc.</summary>
    private static string CCompiler() =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Any(d => File.Exists(Path.Combine(d, "clang"))) ? "clang" : "gcc";

    private static async Task<CliBuild> PublishAsync(string name, string project, string shipped, string output, string[] properties, bool quick)
    {
        var executable = Path.Combine(output, "vibe");
        if (File.Exists(executable) && File.GetLastWriteTimeUtc(executable) >= File.GetLastWriteTimeUtc(shipped + ".dll"))
        {
            return new CliBuild(name, executable, null);
        }

        if (quick)
        {
            return new CliBuild(name, null, "not published yet; a full run (without --quick) publishes it");
        }

        var publish = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { "publish", project, "-c", "Release", "-r", "linux-x64", "-o", output, "-nologo", "-v", "quiet", "-clp:ErrorsOnly" },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var property in properties)
        {
            publish.ArgumentList.Add(property);
        }

        Console.WriteLine($"# publishing vibe ({name}) to {output}…");
        using var process = Process.Start(publish)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0 || !File.Exists(executable))
        {
            var reason = (await stdout + await stderr).Trim().Split('\n').FirstOrDefault(l => l.Contains("error", StringComparison.OrdinalIgnoreCase)) ?? $"dotnet publish exited with {process.ExitCode}";
            return new CliBuild(name, null, reason.Trim());
        }

        File.SetLastWriteTimeUtc(executable, DateTime.UtcNow);
        return new CliBuild(name, executable, null);
    }
}
