using System.Data.Common;
using Dapper;
using Vibe.Grains.Interfaces.Workspaces;
using Vibe.WebFront.Data;

namespace Vibe.WebFront.Workspaces;

/// <summary>
/// The workspace index: table <c>workspaces</c>, one row per workspace, so that listing a user's workspaces with their
/// status and resource use is one indexed query that touches no grain. The grains are the authority on status and
/// settings; the index follows them. One writer per kind of column: <see cref="WorkspaceIndexProjection"/>, fed by each
/// grain's own status events, writes status, container and settings (<see cref="ApplyAsync"/>, <see cref="MarkLostAsync"/>),
/// on whichever silo the grain runs; the API writes the row's existence (<see cref="InsertAsync"/> on create,
/// <see cref="MarkDeletedAsync"/> on delete and on a create it gave up) and its team (<see cref="MoveAsync"/>);
/// <see cref="WorkspaceResourceSampler"/> writes CPU and memory samples (<see cref="RecordSampleAsync"/>). Writes carry the time the grain entered its
/// status and never replace a newer status with an older one. Access follows ownership: a personal workspace (no team)
/// is its owner's; a team's workspace is its members', by role. Deleted workspaces keep their row, flagged, so their
/// id is never used again. The SQL is in <see cref="WorkspaceIndexSql"/>.
/// </summary>
internal sealed class WorkspaceIndex(VibeDatabase database, TimeProvider time)
{
    /// <summary>Every workspace <paramref name="userId"/> can see, newest first, with the user's permission: one query, each row read straight into its summary.</summary>
    public async Task<IReadOnlyList<WorkspaceSummary>> ListAsync(Guid userId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var reader = await connection.ExecuteReaderAsync(new CommandDefinition(WorkspaceIndexSql.List, new { UserId = userId }, cancellationToken: cancellationToken));
        var summaries = new List<WorkspaceSummary>();
        while (await reader.ReadAsync(cancellationToken))
        {
            summaries.Add(ReadSummary(reader));
        }

        return summaries;
    }

    /// <summary>The workspace as <paramref name="userId"/> sees it (permission None when they cannot); null when there is no such workspace or it is deleted.</summary>
    public async Task<WorkspaceIndexEntry?> FindAsync(Guid userId, string workspaceId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var reader = await connection.ExecuteReaderAsync(new CommandDefinition(WorkspaceIndexSql.Find, new { UserId = userId, Id = workspaceId }, cancellationToken: cancellationToken));
        return await reader.ReadAsync(cancellationToken) ? Read(reader) : null;
    }

    /// <summary>Records a workspace about to be created (status Creating); returns the entry as its creator sees it.</summary>
    public async Task<WorkspaceIndexEntry> InsertAsync(
        string workspaceId, WorkspaceSpec spec, WorkspaceLimits limits, Guid ownerId, Guid? teamId, WorkspacePermission creatorPermission, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(limits);
        var now = time.GetUtcNow();
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            WorkspaceIndexSql.Insert,
            new
            {
                Id = workspaceId,
                spec.Name,
                OwnerId = ownerId,
                TeamId = teamId,
                spec.Template,
                Network = spec.Network.ToString(),
                limits.NanoCpus,
                MemoryLimitBytes = limits.MemoryBytes,
                limits.PidsLimit,
                Status = nameof(WorkspaceStatus.Creating),
                CreatedAt = UnixTime.ToMilliseconds(now),
                Deleted = false,
            },
            cancellationToken: cancellationToken));
        return new WorkspaceIndexEntry(
            workspaceId, spec.Name, ownerId, teamId, spec.Template, spec.Network, limits, WorkspaceStatus.Creating,
            FromIndex(now), null, FromIndex(now), FromIndex(now), null, null, creatorPermission);
    }

    /// <summary>Copies the grain's view (name, status, limits, error, activity) into the row, unless the row already holds a newer status.</summary>
    public async Task ApplyAsync(WorkspaceInfo info, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(info);
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            WorkspaceIndexSql.Apply,
            new
            {
                info.Id,
                info.Name,
                Status = info.Status.ToString(),
                StatusChangedAt = UnixTime.ToMilliseconds(info.StatusChangedAt),
                Error = info.LastError,
                info.Limits.NanoCpus,
                MemoryLimitBytes = info.Limits.MemoryBytes,
                info.Limits.PidsLimit,
                LastActivityAt = UnixTime.ToMilliseconds(info.LastActivityAt),
                Deleted = info.Status == WorkspaceStatus.Deleted,
            },
            cancellationToken: cancellationToken));
    }

    /// <summary>Keeps a resource sample of a running workspace (ignored once it no longer runs).</summary>
    public async Task RecordSampleAsync(string workspaceId, WorkspaceStats stats, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stats);
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            WorkspaceIndexSql.Sample,
            new
            {
                Id = workspaceId,
                stats.CpuPercent,
                MemoryUsedBytes = WorkspaceResourceUsage.Clamp(stats.MemoryUsedBytes),
                SampledAt = UnixTime.ToMilliseconds(stats.Read),
            },
            cancellationToken: cancellationToken));
    }

    /// <summary>Flags the workspace deleted: it disappears from listings and access checks; its id stays taken.</summary>
    public async Task MarkDeletedAsync(string workspaceId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            WorkspaceIndexSql.MarkDeleted,
            new { Id = workspaceId, At = UnixTime.ToMilliseconds(time.GetUtcNow()), Deleted = true },
            cancellationToken: cancellationToken));
    }

    /// <summary>
    /// Marks a workspace its grain has no record of as Failed, with why: its creation was cut short before the grain
    /// made it, or the grain's state was lost. Nothing changes if its status is no longer <paramref name="seen"/>.
    /// </summary>
    public async Task MarkLostAsync(string workspaceId, WorkspaceStatus seen, string error, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            WorkspaceIndexSql.MarkLost,
            new { Id = workspaceId, Status = seen.ToString(), Error = error, At = UnixTime.ToMilliseconds(time.GetUtcNow()) },
            cancellationToken: cancellationToken));
    }

    /// <summary>How many workspaces <paramref name="ownerId"/> has created and not deleted, and how many team <paramref name="teamId"/> has (0 without a team).</summary>
    public async Task<(long Owned, long OfTeam)> CountAsync(Guid ownerId, Guid? teamId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var owned = await connection.ExecuteScalarAsync<long>(new CommandDefinition(WorkspaceIndexSql.CountOwned, new { OwnerId = ownerId }, cancellationToken: cancellationToken));
        var ofTeam = teamId is null
            ? 0
            : await connection.ExecuteScalarAsync<long>(new CommandDefinition(WorkspaceIndexSql.CountOfTeam, new { TeamId = teamId }, cancellationToken: cancellationToken));
        return (owned, ofTeam);
    }

    /// <summary>The ids of team <paramref name="teamId"/>'s workspaces.</summary>
    public async Task<IReadOnlyList<string>> ListTeamWorkspaceIdsAsync(Guid teamId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return [.. await connection.QueryAsync<string>(new CommandDefinition(WorkspaceIndexSql.OfTeam, new { TeamId = teamId }, cancellationToken: cancellationToken))];
    }

    /// <summary>Moves the workspace into team <paramref name="teamId"/> (null: a personal workspace of its owner); access follows at once.</summary>
    public async Task MoveAsync(string workspaceId, Guid? teamId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(WorkspaceIndexSql.Move, new { Id = workspaceId, TeamId = teamId }, cancellationToken: cancellationToken));
    }

    /// <summary>The workspaces that can change without an API call (they start, run or stop): what the sampler looks at.</summary>
    public async Task<IReadOnlyList<(string Id, WorkspaceStatus Status, DateTimeOffset CreatedAt)>> ListActiveAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var reader = await connection.ExecuteReaderAsync(new CommandDefinition(WorkspaceIndexSql.Active, cancellationToken: cancellationToken));
        var active = new List<(string, WorkspaceStatus, DateTimeOffset)>();
        while (await reader.ReadAsync(cancellationToken))
        {
            active.Add((reader.GetString(0), Enum.Parse<WorkspaceStatus>(reader.GetString(1)), FromIndex(reader.GetInt64(2))));
        }

        return active;
    }

    private static WorkspaceIndexEntry Read(DbDataReader reader) => new(
        Id: reader.GetString(0),
        Name: reader.GetString(1),
        OwnerId: Guid.Parse(reader.GetString(2)),
        TeamId: reader.IsDBNull(3) ? null : Guid.Parse(reader.GetString(3)),
        Template: reader.GetString(4),
        Network: Enum.Parse<WorkspaceNetworkPolicy>(reader.GetString(5)),
        Limits: new WorkspaceLimits(reader.GetInt64(6), reader.GetInt64(7), reader.GetInt64(8)),
        Status: Enum.Parse<WorkspaceStatus>(reader.GetString(9)),
        StatusChangedAt: FromIndex(reader.GetInt64(10)),
        Error: reader.IsDBNull(11) ? null : reader.GetString(11),
        CreatedAt: FromIndex(reader.GetInt64(12)),
        LastActivityAt: reader.IsDBNull(13) ? null : FromIndex(reader.GetInt64(13)),
        CpuPercent: reader.IsDBNull(14) ? null : reader.GetDouble(14),
        MemoryBytes: reader.IsDBNull(15) ? null : reader.GetInt64(15),
        Permission: (WorkspacePermission)reader.GetInt32(16));

    /// <summary>A row of <see cref="WorkspaceIndexSql.List"/>, read in column order; the owner's id is parsed only for those who may see it.</summary>
    private static WorkspaceSummary ReadSummary(DbDataReader reader)
    {
        var permission = (WorkspacePermission)reader.GetInt32(0);
        return new WorkspaceSummary(
            Id: reader.GetString(1),
            Name: reader.GetString(2),
            Template: reader.GetString(3),
            Status: Enum.Parse<WorkspaceStatus>(reader.GetString(4)),
            OwnerId: WorkspaceIndexEntry.SeesOwner(permission) ? Guid.Parse(reader.GetString(5)) : null,
            TeamId: reader.IsDBNull(6) ? null : Guid.Parse(reader.GetString(6)),
            Permission: permission,
            CpuPercent: reader.IsDBNull(7) ? null : reader.GetDouble(7),
            MemoryBytes: reader.IsDBNull(8) ? null : reader.GetInt64(8),
            MemoryLimitBytes: reader.GetInt64(9),
            CreatedAt: FromIndex(reader.GetInt64(10)),
            LastActivityAt: reader.IsDBNull(11) ? null : FromIndex(reader.GetInt64(11)));
    }

    private static DateTimeOffset FromIndex(long milliseconds) => UnixTime.FromMilliseconds(milliseconds);

    private static DateTimeOffset FromIndex(DateTimeOffset time) => UnixTime.FromMilliseconds(UnixTime.ToMilliseconds(time));
}
