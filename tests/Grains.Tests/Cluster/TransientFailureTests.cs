using System.Collections.Concurrent;
using Docker.DotNet;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Vibe.Docker.Runtime;
using Vibe.Hosting.Clustering;
using Xunit.Abstractions;

namespace Vibe.Grains.Tests.Cluster;

/// <summary>
/// What a caller sees when the silo holding a grain stops answering or dies: failures the web front classes as transient
/// (<see cref="TransientClusterFailures"/>), so it retries reads and answers 503 with Retry-After instead of a 500.
/// </summary>
[Collection(WorkspaceCollection.Name)]
public sealed class TransientFailureTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Calls_to_a_frozen_or_killed_silo_fail_with_exceptions_the_web_front_retries()
    {
        var gates = new ConcurrentQueue<GatedContainerRuntime>();
        await using var silo = await WorkspaceSilo.StartAsync(
            configureServices: services =>
            {
                services.AddSingleton<IContainerRuntime>(sp =>
                {
                    var gated = new GatedContainerRuntime(new DockerContainerRuntime(sp.GetRequiredService<IDockerClient>(), sp.GetRequiredService<IOptions<ContainerRuntimeOptions>>().Value));
                    gates.Enqueue(gated);
                    return gated;
                });
            },
            configureClient: client => client.Configure<ClientMessagingOptions>(o => o.ResponseTimeout = TimeSpan.FromSeconds(3)));
        try
        {
            // The workspace lives on the first silo, the only one when it is created.
            var workspace = await silo.CreateAsync(WorkspaceSilo.Spec(limits: new WorkspaceLimits(500_000_000, 64L * 1024 * 1024, 64)));
            var holder = silo.Cluster.Silos[0];
            await silo.Cluster.StartAdditionalSiloAsync();
            await silo.Cluster.WaitForLivenessToStabilizeAsync();

            // Frozen: the grain's silo holds the start (the container started, the state not yet written) and never answers.
            // Start has the ordinary response timeout (a template image build no longer runs inside the call), so it times out.
            var frozen = await Assert.ThrowsAnyAsync<Exception>(() => workspace.Start());
            output.WriteLine($"frozen: {frozen.GetType().FullName}: {frozen.Message}");
            Assert.True(TransientClusterFailures.IsTransient(frozen), $"{frozen.GetType().FullName} is not retried by the web front");

            // Killed: a call waiting on the frozen grain when its silo dies fails too (in the in-process cluster the client's
            // response timeout comes before it hears of the death).
            var waiting = workspace.Stop();
            await silo.Cluster.KillSiloAsync(holder);
            var killed = await Assert.ThrowsAnyAsync<Exception>(() => waiting);
            output.WriteLine($"killed: {killed.GetType().FullName}: {killed.Message}");
            Assert.True(TransientClusterFailures.IsTransient(killed), $"{killed.GetType().FullName} is not retried by the web front");
        }
        finally
        {
            foreach (var gate in gates)
            {
                gate.OpenGate();
            }
        }
    }
}
