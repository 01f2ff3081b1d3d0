using System.Data.Common;
using Vibe.Actors.Cluster;

namespace Vibe.Hosting.Clustering;

/// <summary>
/// Counts the cluster's Active silos for /readyz by reading the membership table: the record that every silo's own
/// view follows (at once on gossip, at the latest after Vibe:Cluster:Membership:TableRefreshPeriod).
/// </summary>
internal sealed partial class ActiveSiloCounter(IMembershipTable table, ILogger<ActiveSiloCounter> logger)
{
    private static readonly TimeSpan ReadTimeout = TimeSpan.FromSeconds(2);

    /// <summary>The number of Active rows, or null when the table cannot be read within 2 s.</summary>
    public async Task<int?> CountAsync(CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(ReadTimeout);
        try
        {
            var data = await table.ReadAllAsync(timeout.Token);
            var active = 0;
            foreach (var (entry, _) in data.Entries)
            {
                if (entry.Status == SiloStatus.Active)
                {
                    active++;
                }
            }

            return active;
        }
        catch (Exception exception) when (exception is DbException or TimeoutException || (exception is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            LogUnreadable(logger, exception.Message);
            return null;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Cannot read the membership table for /readyz: {Reason}")]
    private static partial void LogUnreadable(ILogger logger, string reason);
}
