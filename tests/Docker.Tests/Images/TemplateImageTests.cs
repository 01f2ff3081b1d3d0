using System.Diagnostics;
using System.Text.RegularExpressions;
using Vibe.Docker.Runtime;
using Vibe.Docker.Tests.Fixtures;

namespace Vibe.Docker.Tests.Images;

/// <summary>
/// Builds the <c>node</c> and <c>python</c> templates once per run through <c>deploy/images/build.sh</c> (debootstrap of
/// vibe/base:bookworm the first time, a minute or two; nothing when the images exist already).
/// </summary>
public sealed class TemplateImageFixture : IAsyncLifetime
{
    public const string NodeTag = "vibe/node:latest";
    public const string PythonTag = "vibe/python:latest";

    /// <summary>debootstrap plus two apt-get builds on a slow mirror; far above the 2-3 minutes they take here.</summary>
    private static readonly TimeSpan BuildTimeout = TimeSpan.FromMinutes(25);

    public string RepositoryRoot { get; } = FindRepositoryRoot();

    public string Script => Path.Combine(RepositoryRoot, "deploy", "images", "build.sh");

    public async Task InitializeAsync()
    {
        using var timeout = new CancellationTokenSource(BuildTimeout);
        foreach (var template in new[] { "node", "python" })
        {
            var result = await RunScriptAsync(timeout.Token, template);
            if (result.ExitCode != 0)
            {
                throw new InvalidOperationException($"`bash deploy/images/build.sh {template}` exited with {result.ExitCode}:\n{result.Output}");
            }
        }
    }

    public Task DisposeAsync() => Task.CompletedTask;

    /// <summary>Runs build.sh with <paramref name="arguments"/>; returns its exit code and its stdout then stderr.</summary>
    public async Task<(int ExitCode, string Output)> RunScriptAsync(CancellationToken cancellationToken, params string[] arguments)
    {
        var start = new ProcessStartInfo("bash")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = RepositoryRoot,
        };
        start.ArgumentList.Add(Script);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start bash.");
        var stdout = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
        var stderr = process.StandardError.ReadToEndAsync(CancellationToken.None);
        try
        {
            await process.WaitForExitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None);
            throw new TimeoutException($"build.sh {string.Join(' ', arguments)} did not finish in time:\n{await stdout}{await stderr}");
        }

        return (process.ExitCode, await stdout + await stderr);
    }

    private static string FindRepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Vibe.sln")))
            {
                return directory.FullName;
            }
        }

        throw new DirectoryNotFoundException("No directory containing Vibe.sln above " + AppContext.BaseDirectory);
    }
}

[Collection(DockerCollection.Name)]
public sealed partial class TemplateImageTests(DockerFixture docker, TemplateImageFixture images) : IClassFixture<TemplateImageFixture>
{
    [GeneratedRegex(@"^\d+\.\d+\.\d+\n$")]
    private static partial Regex VersionLine();

    [Fact]
    public async Task The_node_template_runs_node_and_npm_as_the_workspace_uid_without_network()
    {
        using var timeout = TestTimeout.Start(120);
        await WithWorkspaceContainerAsync(TemplateImageFixture.NodeTag, async id =>
        {
            var node = await RunAsync(id, ["node", "-e", "console.log(1+1)"], timeout.Token);
            Assert.Equal("2\n", node.Stdout);

            var npm = await RunAsync(id, ["npm", "--version"], timeout.Token);
            Assert.Matches(VersionLine(), npm.Stdout);

            // The uid has no passwd entry: HOME (/workspace) is where npm keeps its cache, and it must be writable.
            var cache = await RunAsync(id, ["sh", "-c", "npm cache verify > /dev/null && ls -d \"$HOME/.npm/_cacache\""], timeout.Token);
            Assert.Equal("/workspace/.npm/_cacache\n", cache.Stdout);

            var git = await RunAsync(id, ["git", "--version"], timeout.Token);
            Assert.StartsWith("git version ", git.Stdout, StringComparison.Ordinal);

            await AssertUnprivilegedWorkspaceAsync(id, timeout.Token);
        }, timeout.Token);
    }

    [Fact]
    public async Task The_python_template_runs_python_and_makes_a_venv_as_the_workspace_uid_without_network()
    {
        using var timeout = TestTimeout.Start(120);
        await WithWorkspaceContainerAsync(TemplateImageFixture.PythonTag, async id =>
        {
            var python = await RunAsync(id, ["python3", "-c", "print(6*7)"], timeout.Token);
            Assert.Equal("42\n", python.Stdout);

            // ensurepip installs pip into the venv from the wheel python3-venv ships: no network needed. The venv goes in the
            // workspace, as a user's would: /tmp is a noexec tmpfs in a hardened workspace.
            var venv = await RunAsync(id, ["sh", "-c", "python3 -m venv /workspace/.venv && /workspace/.venv/bin/python -c 'import sys; print(sys.prefix)' && /workspace/.venv/bin/pip --version"], timeout.Token);
            Assert.StartsWith("/workspace/.venv\npip ", venv.Stdout, StringComparison.Ordinal);

            var git = await RunAsync(id, ["git", "--version"], timeout.Token);
            Assert.StartsWith("git version ", git.Stdout, StringComparison.Ordinal);

            await AssertUnprivilegedWorkspaceAsync(id, timeout.Token);
        }, timeout.Token);
    }

    [Theory]
    [InlineData(TemplateImageFixture.NodeTag, "node", "npm run dev", "node -e \"fetch('http://127.0.0.1:3000/health').then(r => r.text()).then(t => { console.log(t); process.exit(0); }, () => process.exit(1))\"")]
    [InlineData(TemplateImageFixture.PythonTag, "python", "python3 app.py", "python3 -c \"import urllib.request; print(urllib.request.urlopen('http://127.0.0.1:8000/health').read().decode())\"")]
    public async Task The_templates_starter_project_serves_http_in_a_hardened_workspace(string image, string template, string run, string probe)
    {
        using var timeout = TestTimeout.Start(120);
        var limits = new ContainerLimits(NanoCpus: 1_000_000_000, MemoryBytes: 512L * 1024 * 1024, PidsLimit: 256);
        var spec = docker.Spec(image: image, limits: limits);
        var id = await docker.RunAsync(spec, timeout.Token);
        try
        {
            var starter = Path.Combine(images.RepositoryRoot, "deploy", "images", template, "starter");
            foreach (var file in Directory.EnumerateFiles(starter))
            {
                File.Copy(file, Path.Combine(spec.WorkspaceDirectory, Path.GetFileName(file)));
            }

            await RunAsync(id, ["sh", "-c", $"cd /workspace && ({run} > /tmp/server.log 2>&1 &)"], timeout.Token);

            // Waits for the server to answer (it starts in well under a second), then prints what it said.
            var answer = await RunAsync(id, ["sh", "-c", $"for i in $(seq 1 100); do {probe} && exit 0; sleep 0.2; done; cat /tmp/server.log; exit 1"], timeout.Token);
            Assert.Contains("\"ok\"", answer.Stdout, StringComparison.Ordinal);
        }
        finally
        {
            using var cleanup = TestTimeout.Start(30);
            await docker.Runtime.RemoveAsync(id, cleanup.Token);
        }
    }

    [Theory]
    [InlineData(TemplateImageFixture.NodeTag, "node")]
    [InlineData(TemplateImageFixture.PythonTag, "python")]
    public async Task A_template_works_in_workspace_and_uses_the_hosts_debian_mirror(string tag, string template)
    {
        using var timeout = TestTimeout.Start(120);
        var image = await docker.Client.Images.InspectImageAsync(tag, timeout.Token);
        Assert.Equal("/workspace", image.Config?.WorkingDir);
        Assert.Equal(template, image.Config?.Labels?["io.vibe.template"]);

        await WithWorkspaceContainerAsync(tag, async id =>
        {
            var passwd = await RunAsync(id, ["getent", "passwd", "vibe"], timeout.Token);
            Assert.Equal("vibe:x:1000:1000::/workspace:/bin/bash\n", passwd.Stdout);

            // The image's apt sources name the mirror this machine's apt uses (the only one reachable without a registry).
            var sources = await RunAsync(id, ["cat", "/etc/apt/sources.list"], timeout.Token);
            var mirror = sources.Stdout.Split('\n')[0].Split(' ');
            Assert.True(mirror is ["deb", _, "bookworm", "main"], sources.Stdout);
            Assert.Contains(mirror[1], HostAptSources(), StringComparison.Ordinal);
        }, timeout.Token);
    }

    [Fact]
    public async Task Building_again_reuses_the_existing_images()
    {
        using var timeout = TestTimeout.Start(120);
        var node = await docker.Client.Images.InspectImageAsync(TemplateImageFixture.NodeTag, timeout.Token);
        var python = await docker.Client.Images.InspectImageAsync(TemplateImageFixture.PythonTag, timeout.Token);

        var again = await images.RunScriptAsync(timeout.Token, "node", "python");

        Assert.True(again.ExitCode == 0, again.Output);
        Assert.Contains("vibe/node:latest exists", again.Output, StringComparison.Ordinal);
        Assert.Contains("vibe/python:latest exists", again.Output, StringComparison.Ordinal);
        Assert.Equal(node.ID, (await docker.Client.Images.InspectImageAsync(TemplateImageFixture.NodeTag, timeout.Token)).ID);
        Assert.Equal(python.ID, (await docker.Client.Images.InspectImageAsync(TemplateImageFixture.PythonTag, timeout.Token)).ID);
    }

    /// <summary>The workspace uid (64000, no user of the image), no capabilities, only the loopback interface, and a /workspace the user can write.</summary>
    private async Task AssertUnprivilegedWorkspaceAsync(string id, CancellationToken cancellationToken)
    {
        var uid = await RunAsync(id, ["id", "-u"], cancellationToken);
        Assert.Equal("64000\n", uid.Stdout);

        var write = await RunAsync(id, ["sh", "-c", "echo ok > /workspace/probe && mkdir /workspace/dir && cat /workspace/probe && pwd"], cancellationToken);
        Assert.Equal("ok\n/workspace\n", write.Stdout);

        var network = await RunAsync(id, ["ls", "/sys/class/net"], cancellationToken);
        Assert.Equal("lo\n", network.Stdout);
    }

    /// <summary>Runs a command in the container; fails the test, with its output, unless it exits with 0.</summary>
    private async Task<ContainerExecResult> RunAsync(string id, IReadOnlyList<string> cmd, CancellationToken cancellationToken)
    {
        var result = await docker.Runtime.ExecAsync(id, cmd, TimeSpan.FromSeconds(90), cancellationToken);
        Assert.True(result.ExitCode == 0, $"`{string.Join(' ', cmd)}` exited with {result.ExitCode}\nstdout: {result.Stdout}\nstderr: {result.Stderr}");
        return result;
    }

    /// <summary>A hardened workspace container of <paramref name="image"/>, as the runtime makes them (uid 64000, no network, no capabilities), removed afterwards.</summary>
    private async Task WithWorkspaceContainerAsync(string image, Func<string, Task> test, CancellationToken cancellationToken)
    {
        var limits = new ContainerLimits(NanoCpus: 1_000_000_000, MemoryBytes: 512L * 1024 * 1024, PidsLimit: 256);
        var id = await docker.RunAsync(docker.Spec(image: image, limits: limits), cancellationToken);
        try
        {
            await test(id);
        }
        finally
        {
            using var cleanup = TestTimeout.Start(30);
            await docker.Runtime.RemoveAsync(id, cleanup.Token);
        }
    }

    private static string HostAptSources()
    {
        var files = new List<string> { "/etc/apt/sources.list" };
        if (Directory.Exists("/etc/apt/sources.list.d"))
        {
            files.AddRange(Directory.EnumerateFiles("/etc/apt/sources.list.d", "*.list"));
            files.AddRange(Directory.EnumerateFiles("/etc/apt/sources.list.d", "*.sources"));
        }

        return string.Concat(files.Where(File.Exists).Select(File.ReadAllText));
    }
}
