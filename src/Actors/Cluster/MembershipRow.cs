namespace Vibe.Actors.Cluster;

/// <summary>What every membership table checks and normalizes in an entry before storing it, so all tables read back alike.</summary>
internal static class MembershipRow
{
    /// <summary>Rejects an entry no table can store: one without a status.</summary>
    public static void Validate(MembershipEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        if (entry.Status is SiloStatus.None || !Enum.IsDefined(entry.Status))
        {
            throw new ArgumentException($"Silo {entry.SiloAddress} has status {entry.Status}; a membership row needs one of Created to Dead.", nameof(entry));
        }
    }

    /// <summary>The entry with every time in UTC.</summary>
    public static MembershipEntry Normalize(MembershipEntry entry)
    {
        var votes = new SuspectVote[entry.SuspectTimes.Count];
        for (var i = 0; i < votes.Length; i++)
        {
            var vote = entry.SuspectTimes[i];
            votes[i] = vote with { Time = ToUtc(vote.Time) };
        }

        return entry with
        {
            SuspectTimes = votes,
            StartTime = ToUtc(entry.StartTime),
            IAmAliveTime = ToUtc(entry.IAmAliveTime),
        };
    }

    /// <summary>A membership time in UTC; an unspecified kind is taken to be UTC already.</summary>
    public static DateTime ToUtc(DateTime value) => value.Kind switch
    {
        DateTimeKind.Utc => value,
        DateTimeKind.Local => value.ToUniversalTime(),
        _ => DateTime.SpecifyKind(value, DateTimeKind.Utc),
    };
}
