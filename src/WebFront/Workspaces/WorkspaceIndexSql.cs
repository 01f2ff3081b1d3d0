namespace Vibe.WebFront.Workspaces;

/// <summary>
/// The SQL of the workspace index (table <c>workspaces</c>; see Data/Schema/postgres.sql script 6), used by <see cref="WorkspaceIndex"/>.
/// It runs unchanged on PostgreSQL and SQLite. Self-contained, so that bench/ runs the very same listing query as its baseline.
/// </summary>
internal static class WorkspaceIndexSql
{
    private const string Columns = """
        w.id, w.name, w.owner_id, w.team_id, w.template, w.network, w.nano_cpus, w.memory_limit_bytes, w.pids_limit,
        w.status, w.status_changed_at, w.error, w.created_at, w.last_activity_at, w.cpu_percent, w.memory_used_bytes
        """;

    // The permission levels of WorkspacePermission: owners and admins of a team administer its workspaces, members write, viewers read.
    private const string TeamPermission = "CASE m.role WHEN 'owner' THEN 3 WHEN 'admin' THEN 3 WHEN 'member' THEN 2 WHEN 'viewer' THEN 1 ELSE 0 END";

    // What a listing shows, in WorkspaceSummary's order: the settings and error that only one workspace's read shows stay in the table.
    private const string SummaryColumns = """
        w.id, w.name, w.template, w.status, w.owner_id, w.team_id, w.cpu_percent, w.memory_used_bytes, w.memory_limit_bytes,
        w.created_at, w.last_activity_at
        """;

    /// <summary>
    /// Every workspace @UserId can see, the permission level first (it decides what else the caller sees), as
    /// <see cref="WorkspaceIndex.ListAsync"/> reads it: two halves, each served by its own partial index.
    /// </summary>
    public const string List = $"""
        SELECT 3 AS permission, {SummaryColumns}
        FROM workspaces w
        WHERE w.owner_id = @UserId AND w.team_id IS NULL AND NOT w.deleted
        UNION ALL
        SELECT {TeamPermission} AS permission, {SummaryColumns}
        FROM team_members m
        JOIN workspaces w ON w.team_id = m.team_id AND w.team_id IS NOT NULL AND NOT w.deleted
        WHERE m.user_id = @UserId
        ORDER BY created_at DESC, id
        """;

    /// <summary>Workspace @Id with the permission level of @UserId (0 when they cannot see it).</summary>
    public const string Find = $"""
        SELECT {Columns},
               CASE WHEN w.team_id IS NULL THEN (CASE WHEN w.owner_id = @UserId THEN 3 ELSE 0 END)
                    ELSE COALESCE((SELECT {TeamPermission} FROM team_members m WHERE m.team_id = w.team_id AND m.user_id = @UserId), 0)
               END AS permission
        FROM workspaces w
        WHERE w.id = @Id AND NOT w.deleted
        """;

    /// <summary>A workspace about to be created: status Creating.</summary>
    public const string Insert = """
        INSERT INTO workspaces (id, name, owner_id, team_id, template, network, nano_cpus, memory_limit_bytes, pids_limit,
                                status, status_changed_at, created_at, last_activity_at, deleted)
        VALUES (@Id, @Name, @OwnerId, @TeamId, @Template, @Network, @NanoCpus, @MemoryLimitBytes, @PidsLimit,
                @Status, @CreatedAt, @CreatedAt, @CreatedAt, @Deleted)
        """;

    /// <summary>The grain's view, unless the row holds a newer status. A running workspace keeps its last sample; any other status clears it.</summary>
    public const string Apply = """
        UPDATE workspaces
        SET name = @Name, status = @Status, status_changed_at = @StatusChangedAt, error = @Error,
            nano_cpus = @NanoCpus, memory_limit_bytes = @MemoryLimitBytes, pids_limit = @PidsLimit,
            last_activity_at = @LastActivityAt,
            cpu_percent = CASE WHEN @Status = 'Running' THEN cpu_percent END,
            memory_used_bytes = CASE WHEN @Status = 'Running' THEN memory_used_bytes END,
            sampled_at = CASE WHEN @Status = 'Running' THEN sampled_at END,
            deleted = @Deleted
        WHERE id = @Id AND status_changed_at <= @StatusChangedAt
        """;

    /// <summary>A resource sample, kept only while the workspace runs.</summary>
    public const string Sample = """
        UPDATE workspaces
        SET cpu_percent = @CpuPercent, memory_used_bytes = @MemoryUsedBytes, sampled_at = @SampledAt
        WHERE id = @Id AND status = 'Running' AND NOT deleted
        """;

    /// <summary>How many workspaces @OwnerId created that are not deleted (personal and in teams).</summary>
    public const string CountOwned = "SELECT COUNT(*) FROM workspaces WHERE owner_id = @OwnerId AND NOT deleted";

    /// <summary>How many workspaces team @TeamId has that are not deleted.</summary>
    public const string CountOfTeam = "SELECT COUNT(*) FROM workspaces WHERE team_id = @TeamId AND NOT deleted";

    /// <summary>Flags a workspace deleted (its id stays taken).</summary>
    public const string MarkDeleted = """
        UPDATE workspaces
        SET status = 'Deleted', status_changed_at = @At, deleted = @Deleted, cpu_percent = NULL, memory_used_bytes = NULL, sampled_at = NULL
        WHERE id = @Id
        """;

    /// <summary>A workspace its grain has no record of: Failed, unless its status changed since the caller read @Status.</summary>
    public const string MarkLost = """
        UPDATE workspaces
        SET status = 'Failed', status_changed_at = @At, error = @Error, cpu_percent = NULL, memory_used_bytes = NULL, sampled_at = NULL
        WHERE id = @Id AND status = @Status AND NOT deleted
        """;

    /// <summary>The workspaces of team @TeamId.</summary>
    public const string OfTeam = """
        SELECT id FROM workspaces WHERE team_id = @TeamId AND NOT deleted
        """;

    /// <summary>Moves workspace @Id into team @TeamId (null: its owner's alone).</summary>
    public const string Move = """
        UPDATE workspaces SET team_id = @TeamId WHERE id = @Id AND NOT deleted
        """;

    /// <summary>The workspaces that can change without an API call.</summary>
    public const string Active = """
        SELECT id, status, created_at
        FROM workspaces
        WHERE status IN ('Creating', 'Starting', 'Running', 'Stopping') AND NOT deleted
        """;
}
