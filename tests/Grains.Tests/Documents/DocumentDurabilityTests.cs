using System.Collections.Concurrent;
using System.Globalization;
using System.Runtime.Versioning;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Runtime;
using Vibe.Grains.Interfaces.Documents;
using Vibe.Grains.Interfaces.Workspaces;
using Xunit.Abstractions;
using static Vibe.Grains.Tests.Documents.DocumentTestSupport;

namespace Vibe.Grains.Tests.Documents;

/// <summary>
/// Acknowledged means durable: a silo killed while clients edit loses no update whose push returned Accepted, with grain state
/// in a real PostgreSQL, on a three-silo Orleans cluster.
/// </summary>
[Collection(WorkspaceCollection.Name)]
[SupportedOSPlatform("linux")]
public sealed class DocumentDurabilityTests(StorageFixture databases, ITestOutputHelper output)
{
    private const int Clients = 4;

    [Fact]
    public async Task Killing_the_silo_that_holds_a_document_loses_no_acknowledged_update()
    {
        var storage = await databases.NewDatabaseAsync();

        // The document is activated through the first silo once all three have joined: its placement (prefer local) puts it
        // there, and its directory entry is made on the settled cluster, so no silo joining later hands it over meanwhile.
        await using var cluster = await WorkspaceSilo.StartAsync(
            o =>
            {
                Configure(o);
                o.MonitorContainerEvents = false;
            },
            storage: storage);
        var workspaceId = TestRun.NewWorkspaceId("crash");
        var first = cluster.Cluster.Silos[0];
        await cluster.Cluster.StartAdditionalSiloAsync();
        await cluster.Cluster.StartAdditionalSiloAsync();
        await cluster.Cluster.WaitForLivenessToStabilizeAsync();
        var onFirst = first.ServiceProvider.GetRequiredService<IGrainFactory>();
        var workspace = onFirst.GetGrain<IWorkspaceGrain>(workspaceId);
        await workspace.Create(WorkspaceSilo.Spec());
        await workspace.WriteFile("notes.txt", Encoding.UTF8.GetBytes(""));
        var key = DocumentKeys.Format(workspaceId, "notes.txt");
        await onFirst.GetGrain<IDocumentGrain>(key).Open();
        Assert.Equal(first.SiloAddress, await cluster.Grains.GetGrain<IManagementGrain>(0).GetActivationAddress(onFirst.GetGrain<IDocumentGrain>(key)));

        var acknowledged = new ConcurrentBag<string>();
        var failures = new ConcurrentBag<string>();
        var acceptedAfterKill = 0;
        var killed = false;
        using var stop = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var survivors = cluster.Cluster.Silos.Skip(1).Select(s => s.ServiceProvider.GetRequiredService<IGrainFactory>()).ToList();
        var clients = Enumerable.Range(0, Clients).Select(c => Task.Run(async () =>
        {
            var document = survivors[c % survivors.Count].GetGrain<IDocumentGrain>(key);
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
        await cluster.Cluster.KillSiloAsync(first);
        Volatile.Write(ref killed, true);
        await Task.WhenAll(clients);

        Assert.True(!failures.IsEmpty, "the document should have lived on the killed silo, so some calls should have failed over");
        Assert.True(acceptedAfterKill >= 40, $"only {acceptedAfterKill} pushes were accepted after the kill; failures: {string.Join(" | ", failures.Take(5))}");
        var text = (await Eventually.Succeeds(() => survivors[0].GetGrain<IDocumentGrain>(key).GetText(), "the document after the kill")).Text;
        var missing = acknowledged.Where(token => CountOf(text, token) != 1).ToList();
        Assert.True(missing.Count == 0, $"{missing.Count} of {acknowledged.Count} acknowledged updates are not (exactly once) in the text: {string.Join(", ", missing.Take(10))}");
        output.WriteLine($"{acknowledged.Count} acknowledged updates all survived the kill; {failures.Count} pushes failed during the failover");

        // And the file catches up with the recovered document.
        var file = Path.Combine(cluster.Root, workspaceId, "notes.txt");
        await Eventually.Until(() => File.Exists(file) && File.ReadAllText(file) == text, "the file to hold the recovered text", TimeSpan.FromSeconds(20));
    }

    private static int CountOf(string text, string token)
    {
        var count = 0;
        for (var at = text.IndexOf(token, StringComparison.Ordinal); at >= 0; at = text.IndexOf(token, at + 1, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }
}
