using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Text.Json;
using Vibe.TestSupport;

namespace Vibe.Silo.Tests;

/// <summary>
/// Greets many names through the test silos' HTTP API (POST /test/greetings/{name}) in rounds (every name once per round, spread over the given silos)
/// and keeps a ledger per name: the highest count acknowledged with a 200, and how many requests failed since. A
/// failed request may or may not have been counted, so each acknowledged count must be the previous one plus 1,
/// plus at most the failures in between; anything else is recorded as a violation.
/// </summary>
internal sealed class GreetingWorkload
{
    private readonly Ledger[] _ledgers;
    private readonly ConcurrentQueue<string> _violations = new();
    private readonly ConcurrentDictionary<string, int> _failureKinds = new(StringComparer.Ordinal);
    private int _acknowledged;
    private int _failed;

    public GreetingWorkload(int count)
    {
        var run = Guid.NewGuid().ToString("N")[..6];
        _ledgers = [.. Enumerable.Range(0, count).Select(i => new Ledger(string.Create(CultureInfo.InvariantCulture, $"n{i:D3}-{run}")))];
    }

    public IEnumerable<string> Names => _ledgers.Select(l => l.Name);

    public int Acknowledged => Volatile.Read(ref _acknowledged);

    public int Failed => Volatile.Read(ref _failed);

    /// <summary>Acknowledged counts that do not follow from the ones before: lost or double-counted greetings.</summary>
    public IReadOnlyCollection<string> Violations => _violations;

    /// <summary>How often each kind of failure was seen since the last call ("silo-2: 503 ...", "silo-1: HttpRequestException: Connection refused ...").</summary>
    public IReadOnlyList<(string Kind, int Count)> TakeFailureKinds()
    {
        var kinds = new List<(string, int)>();
        foreach (var kind in _failureKinds.Keys)
        {
            if (_failureKinds.TryRemove(kind, out var count))
            {
                kinds.Add((kind, count));
            }
        }

        return [.. kinds.OrderByDescending(k => k.Item2)];
    }

    /// <summary>The highest acknowledged count of <paramref name="name"/> (0 if none).</summary>
    public int HighestAcknowledged(string name) => _ledgers.Single(l => l.Name == name).Highest;

    /// <summary>Greets every name once, concurrently, name i through <c>targets[(i + round) % targets.Count]</c>; returns how many failed.</summary>
    public async Task<int> RunRoundAsync(IReadOnlyList<ClusterMember> targets, int round)
    {
        var failures = await Task.WhenAll(_ledgers.Select((ledger, i) => GreetAsync(ledger, targets[(i + round) % targets.Count])));
        return failures.Count(failed => failed);
    }

    /// <summary>POSTs one greeting; returns (HTTP status, count or null) without touching the ledger.</summary>
    public static async Task<(HttpStatusCode Status, int? Count, string Text)> PostAsync(ClusterMember target, string name)
    {
        using var response = await target.Client.PostAsync(new Uri($"/test/greetings/{name}", UriKind.Relative), content: null);
        var text = await response.Content.ReadAsStringAsync();
        if (response.StatusCode != HttpStatusCode.OK)
        {
            return (response.StatusCode, null, text);
        }

        using var body = JsonDocument.Parse(text);
        return (response.StatusCode, body.RootElement.GetProperty("count").GetInt32(), text);
    }

    private async Task<bool> GreetAsync(Ledger ledger, ClusterMember target)
    {
        string failure;
        try
        {
            var (status, count, text) = await PostAsync(target, ledger.Name);
            if (count is { } acknowledged)
            {
                Acknowledge(ledger, acknowledged, target);
                return false;
            }

            failure = string.Create(CultureInfo.InvariantCulture, $"{(int)status} {Detail(text)}");
        }
        catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException or JsonException)
        {
            failure = $"{exception.GetType().Name}: {exception.Message}";
        }

        ledger.FailedSinceAcknowledged++;
        Interlocked.Increment(ref _failed);
        _failureKinds.AddOrUpdate($"{target.Name}: {failure}", 1, (_, n) => n + 1);
        return true;
    }

    private void Acknowledge(Ledger ledger, int count, ClusterMember target)
    {
        var lowest = ledger.Highest + 1;
        var highest = ledger.Highest + 1 + ledger.FailedSinceAcknowledged;
        if (count < lowest || count > highest)
        {
            _violations.Enqueue(string.Create(CultureInfo.InvariantCulture,
                $"{ledger.Name}: {target.Name} acknowledged count {count} after {ledger.Highest} with {ledger.FailedSinceAcknowledged} failed requests in between (expected {lowest}..{highest})"));
        }

        ledger.Highest = Math.Max(ledger.Highest, count);
        ledger.FailedSinceAcknowledged = 0;
        Interlocked.Increment(ref _acknowledged);
    }

    /// <summary>The "detail" of a problem response, else the start of the body.</summary>
    private static string Detail(string text)
    {
        try
        {
            using var problem = JsonDocument.Parse(text);
            if (problem.RootElement.ValueKind == JsonValueKind.Object
                && (problem.RootElement.TryGetProperty("detail", out var detail) || problem.RootElement.TryGetProperty("title", out detail)))
            {
                return detail.GetString() ?? "";
            }
        }
        catch (JsonException)
        {
        }

        return text.Length <= 200 ? text : text[..200];
    }

    /// <summary>What one name's greetings have been acknowledged so far. One request per name is in flight at a time.</summary>
    private sealed class Ledger(string name)
    {
        public string Name { get; } = name;

        public int Highest { get; set; }

        public int FailedSinceAcknowledged { get; set; }
    }
}
