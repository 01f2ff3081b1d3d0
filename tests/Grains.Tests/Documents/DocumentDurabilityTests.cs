using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Runtime.Versioning;
using System.Text;
using Vibe.Actors;
using Vibe.Actors.Hosting;
using Vibe.Actors.Testing;
using Vibe.Docker.Runtime;
using Vibe.Grains.Documents;
using Vibe.TestSupport;
using Xunit.Abstractions;
using static Vibe.Grains.Tests.Documents.DocumentTestSupport;

namespace Vibe.Grains.Tests.Documents;

/// <summary>
/// Acknowledged means durable: a silo killed while clients edit loses no update whose push returned Accepted, with grain state
/// in a real PostgreSQL. Also measures what waiting for storage before acknowledging costs.
/// </summary>
[Collection(WorkspaceCollection.Name)]
[SupportedOSPlatform("linux")]
public sealed class DocumentDurabilityTests(DocumentDurabilityTests.Fixture fixture, ITestOutputHelper output) : IClassFixture<DocumentDurabilityTests.Fixture>
{
    private const int Clients = 4;

    [Fact]
    public async Task Killing_the_silo_that_holds_a_document_loses_no_acknowledged_update()
    {
        var (serviceId, root) = WorkspaceSilo.NewService();
        Directory.CreateDirectory(root);
        var database = await fixture.Postgres.CreateDatabaseAsync();
        var cluster = await TestCluster.StartAsync(1, silo => ConfigureSilo(silo, serviceId, root, database));
        try
        {
            // The document and its workspace are activated while the first silo is alone, so they live on it.
            var workspaceId = TestRun.NewWorkspaceId("crash");
            var first = cluster.Silos[0];
            var workspace = first.GrainFactory.GetGrain<IWorkspaceGrain>(workspaceId);
            await workspace.Create(WorkspaceSilo.Spec());
            await workspace.WriteFile("notes.txt", Encoding.UTF8.GetBytes(""));
            var key = DocumentKeys.Format(workspaceId, "notes.txt");
            await first.GrainFactory.GetGrain<IDocumentGrain>(key).Open();
            await cluster.StartAdditionalSiloAsync();
            await cluster.StartAdditionalSiloAsync();
            await cluster.WaitForLivenessToStabilizeAsync();

            var acknowledged = new ConcurrentBag<string>();
            var failures = new ConcurrentBag<string>();
            var acceptedAfterKill = 0;
            var killed = false;
            using var stop = new CancellationTokenSource(TimeSpan.FromMinutes(2));
            var survivors = cluster.Silos.Skip(1).ToList();
            var clients = Enumerable.Range(0, Clients).Select(c => Task.Run(async () =>
            {
                var document = survivors[c % survivors.Count].GrainFactory.GetGrain<IDocumentGrain>(key);
                for (var n = 0; !stop.IsCancellationRequested && Volatile.Read(ref acceptedAfterKill) < 40; n++)
                {
                    var token = string.Create(CultureInfo.InvariantCulture, $"<{c}.{n}>");
                    try
                    {
                        var current = await document.GetText();
                        var result = await document.Push(current.Version, [new($"client-{c}", Insert(current.Text.Length, current.Text.Length, token))]);
                        if (result.Accepted)
                        {
                            acknowledged.Add(token);
                            if (Volatile.Read(ref killed))
                            {
                                Interlocked.Increment(ref acceptedAfterKill);
                            }
                        }
                    }
                    catch (Exception ex) when (ex is not OutOfMemoryException)
                    {
                        // The silo is going or gone: this push was not acknowledged (it may or may not have landed). Back off as a client would.
                        failures.Add($"{ex.GetType().Name}: {ex.Message}");
                        await Task.Delay(20);
                    }
                }
            })).ToList();

            await Eventually.Until(() => acknowledged.Count >= 30, "30 acknowledged pushes before the kill", TimeSpan.FromSeconds(60));
            await cluster.KillSiloAsync(first);
            Volatile.Write(ref killed, true);
            await Task.WhenAll(clients);

            Assert.True(!failures.IsEmpty, "the document should have lived on the killed silo, so some calls should have failed over");
            Assert.True(acceptedAfterKill >= 40, $"only {acceptedAfterKill} pushes were accepted after the kill; failures: {string.Join(" | ", failures.Take(5))}");
            var text = (await Eventually.Succeeds(() => survivors[0].GrainFactory.GetGrain<IDocumentGrain>(key).GetText(), "the document after the kill")).Text;
            var missing = acknowledged.Where(token => CountOf(text, token) != 1).ToList();
            Assert.True(missing.Count == 0, $"{missing.Count} of {acknowledged.Count} acknowledged updates are not (exactly once) in the text: {string.Join(", ", missing.Take(10))}");
            output.WriteLine($"{acknowledged.Count} acknowledged updates all survived the kill; {failures.Count} pushes failed during the failover");

            // And the file catches up with the recovered document.
            await Eventually.Until(() => File.Exists(Path.Combine(root, workspaceId, "notes.txt")) && File.ReadAllText(Path.Combine(root, workspaceId, "notes.txt")) == text, "the file to hold the recovered text", TimeSpan.FromSeconds(20));
        }
        finally
        {
            await cluster.DisposeAsync();
            Directory.Delete(Path.GetDirectoryName(root)!, recursive: true);
        }
    }

    [Fact]
    public async Task Measures_what_a_durable_acknowledgement_costs()
    {
        var memory = await MeasurePushesAsync(silo => silo.AddMemoryGrainStorage());
        var sqlitePath = Path.Combine(Path.GetTempPath(), $"vibe-doc-cost-{Guid.NewGuid():N}.db");
        var sqlite = await MeasurePushesAsync(silo => silo.AddSqliteGrainStorage($"Data Source={sqlitePath}"));
        var database = await fixture.Postgres.CreateDatabaseAsync();
        var postgres = await MeasurePushesAsync(silo => silo.AddPostgresGrainStorage(database));
        File.Delete(sqlitePath);

        output.WriteLine($"push round trip (one update, 2 KiB document), p50 / p99: memory {memory}, SQLite {sqlite}, PostgreSQL {postgres}");
        Assert.True(memory.Count > 0 && sqlite.Count > 0 && postgres.Count > 0);
    }

    private async Task<Latency> MeasurePushesAsync(Action<SiloBuilder> storage)
    {
        var (serviceId, root) = WorkspaceSilo.NewService();
        await using var silo = await TestSiloHostWithWorkspaces(serviceId, root, storage);
        try
        {
            var workspaceId = TestRun.NewWorkspaceId("cost");
            var workspace = silo.GrainFactory.GetGrain<IWorkspaceGrain>(workspaceId);
            await workspace.Create(WorkspaceSilo.Spec());
            await workspace.WriteFile("cost.txt", Encoding.UTF8.GetBytes(new string('x', 2048)));
            var document = silo.GrainFactory.GetGrain<IDocumentGrain>(DocumentKeys.Format(workspaceId, "cost.txt"));
            var version = (await document.Open()).Version;
            var samples = new List<double>();
            for (var i = 0; i < 300; i++)
            {
                var watch = Stopwatch.StartNew();
                var result = await document.Push(version, [new("bench", Insert(2048 + i, i, "y"))]);
                samples.Add(watch.Elapsed.TotalMilliseconds);
                Assert.True(result.Accepted);
                version = result.Version;
            }

            samples.RemoveRange(0, 50); // warm-up
            samples.Sort();
            return new Latency(samples[samples.Count / 2], samples[(int)(samples.Count * 0.99)], samples.Count);
        }
        finally
        {
            await silo.StopAsync();
            Directory.Delete(Path.GetDirectoryName(root)!, recursive: true);
        }
    }

    private static Task<TestSiloHost> TestSiloHostWithWorkspaces(string serviceId, string root, Action<SiloBuilder> storage)
    {
        Directory.CreateDirectory(root);
        return TestSiloHost.StartAsync(silo =>
        {
            storage(silo);
            silo.AddInClusterStreams(WorkspaceStreams.Provider);
            ConfigureWorkspaces(silo, serviceId, root);
        });
    }

    private static void ConfigureSilo(SiloBuilder silo, string serviceId, string root, string database)
    {
        silo.AddPostgresGrainStorage(database);
        ConfigureWorkspaces(silo, serviceId, root);
    }

    private static void ConfigureWorkspaces(SiloBuilder silo, string serviceId, string root) =>
        silo.Configure<SiloOptions>(o => o.ServiceId = serviceId)
            .Configure<ContainerRuntimeOptions>(o =>
            {
                o.ExtraLabels[TestRun.Label] = TestRun.Id;
                o.InternalNetworkName = TestRun.InternalNetwork;
            })
            .AddWorkspaces(o =>
            {
                o.Root = root;
                o.OrphanSweepPeriod = null;
                o.MonitorContainerEvents = false;
                Configure(o);
            });

    private static int CountOf(string text, string token)
    {
        var count = 0;
        for (var at = text.IndexOf(token, StringComparison.Ordinal); at >= 0; at = text.IndexOf(token, at + 1, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }

    private readonly record struct Latency(double P50, double P99, int Count)
    {
        public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{P50:0.00} / {P99:0.00} ms");
    }

    /// <summary>One real PostgreSQL server for the class.</summary>
    public sealed class Fixture : IAsyncLifetime
    {
        private PostgresServer? _postgres;

        public PostgresServer Postgres => _postgres ?? throw new InvalidOperationException("PostgreSQL is not started.");

        public async Task InitializeAsync() => _postgres = await PostgresServer.StartAsync();

        public async Task DisposeAsync()
        {
            if (_postgres is not null)
            {
                await _postgres.DisposeAsync();
            }
        }
    }
}
