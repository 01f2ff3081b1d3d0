using System.Diagnostics;
using System.Globalization;
using Npgsql;

namespace Vibe.TestSupport;

/// <summary>
/// A real PostgreSQL server for tests. If <see cref="ConnectionStringVariable"/> is set it is used (its user must be
/// allowed to CREATE DATABASE); otherwise a private server is started from the local PostgreSQL binaries in a fresh
/// temporary directory, listening on a free port on 127.0.0.1, and is stopped and deleted on dispose. Each test
/// class takes its own database from <see cref="CreateDatabaseAsync"/>.
/// </summary>
public sealed class PostgresServer : IAsyncDisposable
{
    /// <summary>An Npgsql connection string of an existing server to use instead of starting one.</summary>
    public const string ConnectionStringVariable = "VIBE_TEST_POSTGRES";

    private const string DirectoryPrefix = "vibe-pg-";
    private const string SystemUser = "postgres";

    private readonly PrivateServer? _private;
    private readonly List<string> _databases = [];
    private readonly Lock _lock = new();

    private PostgresServer(string connectionString, PrivateServer? privateServer, TimeSpan startupTime)
    {
        ConnectionString = connectionString;
        _private = privateServer;
        StartupTime = startupTime;
    }

    /// <summary>A connection string to the server's "postgres" database as a user that can create databases.</summary>
    public string ConnectionString { get; }

    /// <summary>The data directory of the private server; null when the server came from <see cref="ConnectionStringVariable"/>.</summary>
    public string? DataDirectory => _private?.DataDirectory;

    /// <summary>How long <see cref="StartAsync"/> took.</summary>
    public TimeSpan StartupTime { get; }

    /// <summary>Connects to the server named by <see cref="ConnectionStringVariable"/>, or starts a private one.</summary>
    /// <exception cref="InvalidOperationException">No server is configured and PostgreSQL is not installed, or it failed to start.</exception>
    public static async Task<PostgresServer> StartAsync(CancellationToken cancellationToken = default)
    {
        var stopwatch = Stopwatch.StartNew();
        var external = Environment.GetEnvironmentVariable(ConnectionStringVariable);
        if (!string.IsNullOrWhiteSpace(external))
        {
            var connectionString = new NpgsqlConnectionStringBuilder(external) { Database = "postgres" }.ConnectionString;
            await WaitUntilAcceptingAsync(connectionString, TimeSpan.FromSeconds(10), cancellationToken);
            return new PostgresServer(connectionString, null, stopwatch.Elapsed);
        }

        var server = await PrivateServer.StartAsync(cancellationToken);
        return new PostgresServer(server.ConnectionString, server, stopwatch.Elapsed);
    }

    /// <summary>Creates an empty database and returns a connection string to it.</summary>
    /// <param name="name">The database name (letters, digits, underscores); a unique one when null.</param>
    public async Task<string> CreateDatabaseAsync(string? name = null, CancellationToken cancellationToken = default)
    {
        name ??= "vibe_test_" + Guid.NewGuid().ToString("N")[..16];
        if (name.Length > 63 || !name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_'))
        {
            throw new ArgumentException($"'{name}' is not a usable database name: use at most 63 ASCII letters, digits and underscores.", nameof(name));
        }

        await using (var connection = new NpgsqlConnection(ConnectionString))
        {
            await connection.OpenAsync(cancellationToken);
            await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        lock (_lock)
        {
            _databases.Add(name);
        }

        return new NpgsqlConnectionStringBuilder(ConnectionString) { Database = name }.ConnectionString;
    }

    /// <summary>Stops and deletes a private server; on a configured server, drops the databases this instance created.</summary>
    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        if (_private is not null)
        {
            await _private.StopAsync();
            return;
        }

        string[] databases;
        lock (_lock)
        {
            databases = [.. _databases];
            _databases.Clear();
        }

        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        foreach (var database in databases)
        {
            await using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{database}\" WITH (FORCE)", connection);
            await command.ExecuteNonQueryAsync();
        }
    }

    private static async Task WaitUntilAcceptingAsync(string connectionString, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                await using var connection = new NpgsqlConnection(connectionString);
                await connection.OpenAsync(cancellationToken);
                return;
            }
            catch (NpgsqlException) when (deadline.Elapsed < timeout)
            {
                await Task.Delay(50, cancellationToken);
            }
        }
    }

    /// <summary>A server started by this process: initdb into a temporary directory, pg_ctl start, pg_ctl stop.</summary>
    private sealed class PrivateServer
    {
        private readonly string _directory;
        private readonly string _binDirectory;
        private readonly bool _runAsSystemUser;

        private PrivateServer(string directory, string binDirectory, bool runAsSystemUser, int port)
        {
            _directory = directory;
            _binDirectory = binDirectory;
            _runAsSystemUser = runAsSystemUser;
            ConnectionString = new NpgsqlConnectionStringBuilder
            {
                Host = "127.0.0.1",
                Port = port,
                Username = SystemUser,
                Database = "postgres",
            }.ConnectionString;
        }

        public string ConnectionString { get; }

        public string DataDirectory => Path.Combine(_directory, "data");

        public static async Task<PrivateServer> StartAsync(CancellationToken cancellationToken)
        {
            var binDirectory = FindBinDirectory() ?? throw new InvalidOperationException(
                "PostgreSQL is not installed: found no initdb, pg_ctl and postgres on PATH or in /usr/lib/postgresql/*/bin. "
                + "Install it with `apt-get install postgresql` (PostgreSQL 15), or set " + ConnectionStringVariable
                + " to the connection string of a server where the user can CREATE DATABASE.");

            // PostgreSQL refuses to run as root; root runs the binaries as the postgres system user instead.
            var runAsSystemUser = Environment.IsPrivilegedProcess;
            await RemoveAbandonedServersAsync(binDirectory, runAsSystemUser);

            var directory = await PrivateDirectory.CreateAsync(DirectoryPrefix, cancellationToken);
            try
            {
                var socketDirectory = Directory.CreateDirectory(Path.Combine(directory, "run")).FullName;
                if (runAsSystemUser)
                {
                    await RunAsync("chown", ["-R", $"{SystemUser}:", directory], directory, cancellationToken);
                }

                var dataDirectory = Path.Combine(directory, "data");
                await RunPostgresToolAsync(binDirectory, runAsSystemUser, "initdb",
                    ["-D", dataDirectory, "-U", SystemUser, "--auth=trust", "--no-sync", "--no-instructions", "--encoding=UTF8", "--locale=C"],
                    directory, cancellationToken);

                // Appended settings override initdb's defaults. Durability is pointless for a throwaway test server.
                await File.AppendAllTextAsync(Path.Combine(dataDirectory, "postgresql.conf"), $"""

                    # vibe test server
                    listen_addresses = '127.0.0.1'
                    unix_socket_directories = '{socketDirectory}'
                    max_connections = 300
                    fsync = off
                    synchronous_commit = off
                    full_page_writes = off
                    log_min_messages = warning

                    """, cancellationToken);

                // Another process can take the free port between our probe and the server's bind: retry with a new one.
                for (var attempt = 1; ; attempt++)
                {
                    var port = FreePort.Find();
                    var logFile = Path.Combine(directory, "postgres.log");
                    try
                    {
                        await RunPostgresToolAsync(binDirectory, runAsSystemUser, "pg_ctl",
                            ["-D", dataDirectory, "-l", logFile, "-o", $"-p {port}", "-w", "-t", "60", "start"],
                            directory, cancellationToken);
                    }
                    catch (InvalidOperationException) when (attempt < 5 && ReadLog(logFile).Contains("could not bind", StringComparison.Ordinal))
                    {
                        continue;
                    }
                    catch (InvalidOperationException exception)
                    {
                        throw new InvalidOperationException($"{exception.Message}\nServer log {logFile}:\n{ReadLog(logFile)}", exception);
                    }

                    var server = new PrivateServer(directory, binDirectory, runAsSystemUser, port);
                    await WaitUntilAcceptingAsync(server.ConnectionString, TimeSpan.FromSeconds(30), cancellationToken);
                    return server;
                }
            }
            catch
            {
                await StopAndDeleteAsync(directory, binDirectory, runAsSystemUser);
                throw;
            }
        }

        public Task StopAsync() => StopAndDeleteAsync(_directory, _binDirectory, _runAsSystemUser);

        private static async Task StopAndDeleteAsync(string directory, string binDirectory, bool runAsSystemUser)
        {
            var dataDirectory = Path.Combine(directory, "data");
            if (File.Exists(Path.Combine(dataDirectory, "postmaster.pid")))
            {
                try
                {
                    await RunPostgresToolAsync(binDirectory, runAsSystemUser, "pg_ctl",
                        ["-D", dataDirectory, "-m", "immediate", "-w", "-t", "30", "stop"], directory, CancellationToken.None);
                }
                catch (InvalidOperationException)
                {
                    // The server is not running (or already stopping); the directory goes either way.
                }
            }

            PrivateDirectory.TryDelete(directory);
        }

        /// <summary>Stops and deletes servers left behind by test processes that died without disposing them.</summary>
        private static async Task RemoveAbandonedServersAsync(string binDirectory, bool runAsSystemUser)
        {
            foreach (var directory in await PrivateDirectory.FindAbandonedAsync(DirectoryPrefix))
            {
                await StopAndDeleteAsync(directory, binDirectory, runAsSystemUser);
            }
        }

        /// <summary>The directory holding initdb, pg_ctl and postgres: where initdb on PATH really lives, else the newest /usr/lib/postgresql/*/bin.</summary>
        private static string? FindBinDirectory()
        {
            string[] tools = ["initdb", "pg_ctl", "postgres"];
            var candidates = new List<string>();
            foreach (var pathDirectory in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
            {
                var initdb = Path.Combine(pathDirectory, "initdb");
                if (File.Exists(initdb))
                {
                    // Debian links the tools into /usr/local/bin or /usr/bin; the server binary is next to the link's target.
                    var target = File.ResolveLinkTarget(initdb, returnFinalTarget: true)?.FullName ?? initdb;
                    candidates.Add(Path.GetDirectoryName(target)!);
                    candidates.Add(pathDirectory);
                }
            }

            const string debianRoot = "/usr/lib/postgresql";
            if (Directory.Exists(debianRoot))
            {
                candidates.AddRange(Directory.EnumerateDirectories(debianRoot)
                    .OrderByDescending(version => int.TryParse(Path.GetFileName(version), CultureInfo.InvariantCulture, out var major) ? major : 0)
                    .Select(version => Path.Combine(version, "bin")));
            }

            return candidates.FirstOrDefault(directory => tools.All(tool => File.Exists(Path.Combine(directory, tool))));
        }

        private static string ReadLog(string logFile)
        {
            try
            {
                return File.ReadAllText(logFile);
            }
            catch (IOException)
            {
                return "(no log)";
            }
        }

        private static Task RunPostgresToolAsync(string binDirectory, bool runAsSystemUser, string tool, IReadOnlyList<string> arguments, string workingDirectory, CancellationToken cancellationToken)
        {
            var executable = Path.Combine(binDirectory, tool);
            return runAsSystemUser
                ? RunAsync("runuser", ["-u", SystemUser, "--", executable, .. arguments], workingDirectory, cancellationToken)
                : RunAsync(executable, arguments, workingDirectory, cancellationToken);
        }

        private static async Task RunAsync(string fileName, IReadOnlyList<string> arguments, string workingDirectory, CancellationToken cancellationToken)
        {
            var startInfo = new ProcessStartInfo(fileName)
            {
                WorkingDirectory = workingDirectory,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            foreach (var argument in arguments)
            {
                startInfo.ArgumentList.Add(argument);
            }

            using var process = Process.Start(startInfo) ?? throw new InvalidOperationException($"Could not start {fileName}.");
            var readOutput = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
            var readError = process.StandardError.ReadToEndAsync(CancellationToken.None);
            try
            {
                await process.WaitForExitAsync(cancellationToken);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                throw;
            }

            var output = await readOutput + await readError;
            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException($"`{fileName} {string.Join(' ', arguments)}` exited with code {process.ExitCode}:\n{output}");
            }
        }
    }
}
