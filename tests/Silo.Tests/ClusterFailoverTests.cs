using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Vibe.TestSupport;
using Xunit.Abstractions;

namespace Vibe.Silo.Tests;

/// <summary>
/// Real Silo processes in one cluster, grain state in PostgreSQL and membership in Redis or PostgreSQL, configured as
/// docs/cluster.md describes, with the tuned failure detection it documents: one is SIGKILLed under load, or frozen. The
/// class runs alone (not in parallel with other test classes) so that the silos are not starved into missing probes.
/// </summary>
[Collection(SerialCollection.Name)]
public sealed class ClusterFailoverTests(ClusterServers servers, ITestOutputHelper output)
{
    private const int NameCount = 60;

    /// <summary>VibeHost.DeclaredDeadExitCode: how a silo the cluster declared dead ends.</summary>
    private const int DeclaredDeadExitCode = 2;

    private static readonly TimeSpan JoinBound = TimeSpan.FromSeconds(60);

    // With the tuned options a killed silo is declared dead in about 2-3 s, a frozen one in about 7 s; the bounds leave room for a slow CI machine.
    private static readonly TimeSpan DetectionBound = TimeSpan.FromSeconds(15);
    private static readonly TimeSpan RecoveryBound = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan LeaveBound = TimeSpan.FromSeconds(15);

    /// <summary>The tuned failure detection of docs/cluster.md, under Orleans' ClusterMembershipOptions names.</summary>
    private static readonly Dictionary<string, string> TunedFailureDetection = new(StringComparer.Ordinal)
    {
        ["Vibe__Cluster__FailureDetection__ProbeTimeout"] = "00:00:02",
        ["Vibe__Cluster__FailureDetection__NumMissedProbesLimit"] = "3",
        ["Vibe__Cluster__FailureDetection__NumVotesForDeathDeclaration"] = "2",
        ["Vibe__Cluster__FailureDetection__TableRefreshTimeout"] = "00:00:10",
        ["Vibe__Cluster__FailureDetection__IAmAliveTablePublishTimeout"] = "00:00:10",
        ["Logging__LogLevel__Orleans.Runtime.MembershipService"] = "Debug", // probe misses and votes, for the post-mortem
    };

    [Theory]
    [InlineData("Redis")]
    [InlineData("PostgreSQL")]
    public Task A_SIGKILLed_silo_is_declared_dead_and_the_survivors_lose_no_acknowledged_greeting_and_count_none_twice(string membership) =>
        WithClusterAsync(membership, KillOneOfThreeUnderLoadAsync);

    [Theory]
    [InlineData("Redis")]
    [InlineData("PostgreSQL")]
    public Task Callers_of_a_frozen_silo_get_a_transient_error_then_answers_once_the_cluster_declares_it_dead(string membership) =>
        WithClusterAsync(membership, FreezeOneOfTwoAsync);

    /// <summary>Runs <paramref name="scenario"/> on a cluster in a fresh database; on failure prints each silo's last lines and keeps their logs.</summary>
    private async Task WithClusterAsync(string membership, Func<LocalCluster, Task> scenario)
    {
        var settings = await servers.NewClusterSettingsAsync(membership);
        foreach (var (key, value) in TunedFailureDetection)
        {
            settings[key] = value;
        }

        await using var cluster = new LocalCluster(settings, SiloProcess.TestSiloPath);
        try
        {
            await scenario(cluster);
        }
        catch (Exception failure)
        {
            cluster.KeepLogs();
            output.WriteLine($"FAILED: {failure.Message}");
            output.WriteLine($"Silo logs kept in {cluster.LogDirectory}");
            output.WriteLine(cluster.Describe());
            throw;
        }
    }

    /// <summary>Starts <paramref name="count"/> silos and waits until each has printed its banner and sees all of them active.</summary>
    internal static async Task<IReadOnlyList<ClusterMember>> StartAsync(LocalCluster cluster, int count)
    {
        await cluster.StartAsync(count);
        var members = cluster.Members;
        foreach (var member in members)
        {
            var banner = new Regex($"""^Vibe is running at {Regex.Escape(member.Url.ToString().TrimEnd('/'))} \(silo S127\.0\.0\.1:{member.SiloPort}:\d+, cluster "{cluster.ClusterId}"\)$""");
            Assert.Matches(banner, member.Banner);
        }

        await Eventually.Until(async () => await AllReportAsync(members, count), $"every silo reports {count} active silos on /readyz", JoinBound);
        foreach (var member in members)
        {
            var readiness = await member.ReadinessAsync();
            Assert.Equal(cluster.ClusterId, readiness?.Cluster);
            Assert.Contains($"(silo {readiness?.SiloAddress},", member.Banner, StringComparison.Ordinal);
        }

        return members;
    }

    private async Task KillOneOfThreeUnderLoadAsync(LocalCluster cluster)
    {
        // Arrange: three silos that all see each other, and greetings spread over them.
        const int SiloCount = 3;
        var members = await StartAsync(cluster, SiloCount);
        var workload = new GreetingWorkload(NameCount);
        await WarmUpAsync(workload, members);
        var victim = members[1];
        var survivors = members.Where(m => m != victim).ToArray();
        Assert.True((await victim.ReadinessAsync())?.Activations > 0, $"{victim.Name} hosts no greeting grain, so killing it tests nothing");
        output.WriteLine($"{SiloCount} silos joined; {workload.Acknowledged} greetings acknowledged before the kill");
        var failedBeforeKill = workload.Failed;

        // Act: keep greeting every name while one silo is SIGKILLed; from then on only the survivors are asked.
        await using var load = new LoadLoop(workload, members);
        await Eventually.Until(() => load.CompletedRounds >= 1, "a round of greetings under load", RecoveryBound);
        var sinceKill = Stopwatch.StartNew();
        await victim.Process.KillAsync();
        load.Retarget(survivors, sinceKill);

        await Eventually.Until(async () => await AllReportAsync(survivors, SiloCount - 1), $"both survivors report {SiloCount - 1} active silos", DetectionBound);
        var detected = sinceKill.Elapsed;
        await Eventually.Until(() => load.FirstCleanRoundAfter(TimeSpan.Zero) is not null, "a round in which every greeting succeeds after the kill", RecoveryBound);
        var recovered = load.FirstCleanRoundAfter(TimeSpan.Zero)!.Value;
        await Eventually.Until(() => load.FirstCleanRoundAfter(detected) is not null, "a round in which every greeting succeeds after the death was detected", RecoveryBound);
        await load.StopAfterCleanRoundAsync(RecoveryBound);

        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"kill -> both survivors report {SiloCount - 1} active silos: {detected.TotalSeconds:0.00} s"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"kill -> end of the first round with every greeting acknowledged: {recovered.TotalSeconds:0.00} s"));
        output.WriteLine($"{workload.Acknowledged} greetings acknowledged in all, {workload.Failed - failedBeforeKill} failed after the kill, {load.CompletedRounds} rounds of {NameCount} names under load");
        PrintFailures(workload);

        // Assert: every acknowledged count followed from the ones before, and the next greeting of each name is exactly one more.
        Assert.True(workload.Violations.Count == 0, "Acknowledged counts that do not add up:\n" + string.Join('\n', workload.Violations));
        await AssertNextGreetingCountsOneMoreAsync(workload, survivors);

        // Stop the survivors gracefully: the first leaves the cluster cleanly, then the last.
        var (first, last) = (survivors[0], survivors[1]);
        var firstExit = await first.Process.TerminateAsync();
        Assert.True(firstExit == 0, $"{first.Name} exited with {firstExit} on SIGTERM");
        Assert.Contains("Vibe stopped", first.Process.Output, StringComparison.Ordinal);
        await Eventually.Until(async () => (await last.ReadinessAsync())?.ActiveSilos == 1, $"{last.Name} reports 1 active silo after {first.Name} left", LeaveBound);
        var lastExit = await last.Process.TerminateAsync();
        Assert.True(lastExit == 0, $"{last.Name} exited with {lastExit} on SIGTERM");
        Assert.Contains("Vibe stopped", last.Process.Output, StringComparison.Ordinal);
    }

    private async Task FreezeOneOfTwoAsync(LocalCluster cluster)
    {
        // Arrange: two silos, and names greeted through both, their grains spread over both.
        var members = await StartAsync(cluster, 2);
        var (survivor, frozen) = (members[0], members[1]);
        var workload = new GreetingWorkload(20);
        await WarmUpAsync(workload, members);
        Assert.True((await frozen.ReadinessAsync())?.Activations > 0, $"{frozen.Name} hosts no greeting grain, so freezing it tests nothing");
        var failedBefore = workload.Failed;

        // Act: freeze one silo. Its port still accepts connections but nothing answers, so probes time out instead of being
        // refused, and calls to its grains wait. Greet every name through the survivor meanwhile.
        var sinceFreeze = Stopwatch.StartNew();
        await frozen.Process.PauseAsync();
        var failedInFirstRound = await workload.RunRoundAsync([survivor], 100);
        var firstRoundEnded = sinceFreeze.Elapsed;
        var kinds = workload.TakeFailureKinds();
        await Eventually.Until(async () => (await survivor.ReadinessAsync())?.ActiveSilos == 1, $"{survivor.Name} reports 1 active silo", DetectionBound);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"freeze -> first round through {survivor.Name} ended after {firstRoundEnded.TotalSeconds:0.00} s with {failedInFirstRound} failures; {survivor.Name} reports 1 active silo: {sinceFreeze.Elapsed.TotalSeconds:0.00} s"));
        foreach (var (kind, count) in kinds)
        {
            output.WriteLine($"  {count} x {kind}");
        }

        // Assert: the greetings whose grains were on the frozen silo failed with a transient error (503, retry), none with a 500 ...
        Assert.True(failedInFirstRound > 0, $"no greeting failed while {frozen.Name}, which hosted some of them, was frozen");
        Assert.All(kinds, kind => Assert.StartsWith($"{survivor.Name}: 503 ", kind.Kind, StringComparison.Ordinal));

        // ... and once the frozen silo is declared dead the survivor takes over every name with its count intact.
        var round = 101;
        await Eventually.Until(async () => await workload.RunRoundAsync([survivor], round++) == 0, $"a round in which {survivor.Name} serves every greeting", RecoveryBound);
        output.WriteLine($"{survivor.Name} served every greeting after {workload.Failed - failedBefore} failed ones");
        PrintFailures(workload);
        Assert.True(workload.Violations.Count == 0, "Acknowledged counts that do not add up:\n" + string.Join('\n', workload.Violations));
        await AssertNextGreetingCountsOneMoreAsync(workload, [survivor]);

        // The frozen silo, once it runs again, reads that it was declared dead and stops without rejoining: one log line
        // says so, and the exit code is 2 (not Orleans' abort, 134), so a supervisor can tell why it ended.
        await frozen.Process.ResumeAsync();
        var exitCode = await frozen.Process.WaitForExitAsync();
        output.WriteLine($"{frozen.Name} exited with code {exitCode} after it woke up declared dead");
        Assert.Equal(DeclaredDeadExitCode, exitCode);
        var deathLines = frozen.Process.Output.Split('\n').Where(line => line.Contains("Vibe stopped: the cluster declared silo", StringComparison.Ordinal)).ToList();
        Assert.True(deathLines.Count == 1, $"expected one line saying the silo was declared dead, found {deathLines.Count}:\n{frozen.Process.Output}");
        output.WriteLine(deathLines[0]);
        Assert.Contains($"exiting with code {DeclaredDeadExitCode}", deathLines[0], StringComparison.Ordinal);
        Assert.DoesNotContain("FATAL EXCEPTION", frozen.Process.Output, StringComparison.Ordinal);
        Assert.Equal(1, (await survivor.ReadinessAsync())?.ActiveSilos);

        var afterwards = "after-" + Guid.NewGuid().ToString("N")[..8];
        Assert.Equal(1, (await GreetingWorkload.PostAsync(survivor, afterwards)).Count);
        Assert.Equal(0, await survivor.Process.TerminateAsync());
    }

    /// <summary>
    /// Greets every name through every silo until three rounds in a row succeed in full. The first rounds can fail:
    /// right after silos join together their views of the cluster differ for up to a table refresh period (a runtime
    /// bug, reported: a joining silo lists neither itself nor the silos joining with it as active), so a grain can be
    /// placed twice, and the stale copy's first write is refused. Failed greetings stay in the ledger, so no count
    /// goes unchecked; the time and failures it takes are printed.
    /// </summary>
    private async Task WarmUpAsync(GreetingWorkload workload, IReadOnlyList<ClusterMember> members)
    {
        var sinceReady = Stopwatch.StartNew();
        var (round, cleanInARow) = (0, 0);
        await Eventually.Until(
            async () =>
            {
                cleanInARow = await workload.RunRoundAsync(members, round++) == 0 ? cleanInARow + 1 : 0;
                return cleanInARow == 3;
            },
            "three rounds in a row in which every silo serves every greeting",
            JoinBound);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"every silo reports {members.Count} active silos -> three clean rounds: {sinceReady.Elapsed.TotalSeconds:0.00} s, {round} rounds, {workload.Failed} greetings failed"));
        PrintFailures(workload);
        Assert.True(workload.Violations.Count == 0, "Acknowledged counts that do not add up:\n" + string.Join('\n', workload.Violations));
    }

    private void PrintFailures(GreetingWorkload workload)
    {
        foreach (var (kind, count) in workload.TakeFailureKinds())
        {
            output.WriteLine($"  {count} x {kind}");
        }
    }

    /// <summary>Greets every name once more through <paramref name="targets"/>; each count must be the highest acknowledged one plus 1.</summary>
    private static async Task AssertNextGreetingCountsOneMoreAsync(GreetingWorkload workload, IReadOnlyList<ClusterMember> targets)
    {
        var mismatches = new List<string>();
        var i = 0;
        foreach (var name in workload.Names)
        {
            var target = targets[i++ % targets.Count];
            var expected = workload.HighestAcknowledged(name) + 1;
            var (status, count, text) = await GreetingWorkload.PostAsync(target, name);
            if (count != expected)
            {
                mismatches.Add($"{name} via {target.Name}: expected {expected}, got {(count?.ToString(CultureInfo.InvariantCulture) ?? $"{(int)status} {text}")}");
            }
        }

        Assert.True(mismatches.Count == 0, $"{mismatches.Count} of {workload.Names.Count()} names lost an acknowledged greeting or counted one twice:\n" + string.Join('\n', mismatches));
    }

    private static async Task<bool> AllReportAsync(IEnumerable<ClusterMember> members, int activeSilos)
    {
        var reports = await Task.WhenAll(members.Select(m => m.ReadinessAsync()));
        return reports.All(r => r is { Status: "ready", ActiveSilos: var active } && active == activeSilos);
    }
}
