-- Vibe: the PostgreSQL schema of Orleans (PostgreSQL 15): the membership, grain state and reminder tables and the
-- queries Orleans' ADO.NET providers run. Vibe's own tables (accounts, teams, the workspace index, ...) are the web
-- front's: src/WebFront/Data/Schema/postgres.sql, applied by the web front at startup.
--
-- Apply it with `psql -v ON_ERROR_STOP=1 -f orleans.sql`, or let a process do it: the file is embedded in Vibe.Hosting and
-- VibeSchema.EnsureAsync runs it at startup in one transaction under an advisory lock, so processes starting together do
-- not race, and only when a script below is not recorded yet, so a second start changes nothing.
--
-- The file is a list of numbered scripts. Each script is idempotent on its own and records its number in
-- vibe_schema_version, so running the whole file again changes nothing. To change the schema, append the next numbered
-- script (10 is next); never edit one that has been applied. A statement that cannot be written idempotently goes in a
-- DO block guarded by
--   IF NOT EXISTS (SELECT 1 FROM vibe_schema_version WHERE script_number = N) THEN ... END IF;
-- Numbers 1 to 4 belonged to the tables of our own actor runtime, which Orleans replaced (script 8 drops them). Numbers
-- 5, 6, 7 and 9 created Vibe's own tables when they lived here; a database that has them keeps them and their rows
-- (postgres.sql creates only what is missing).
--
-- Every version column is an ETag: a writer passes the version it read, the write succeeds only if the stored version
-- still equals it, and the write increments it.

CREATE TABLE IF NOT EXISTS vibe_schema_version
(
    script_number integer     NOT NULL PRIMARY KEY,
    description   text        NOT NULL,
    applied_at    timestamptz NOT NULL DEFAULT now()
);


-- Script 8: Orleans' ADO.NET providers (Orleans 10.4.2): membership (Microsoft.Orleans.Clustering.AdoNet), grain state
-- (Microsoft.Orleans.Persistence.AdoNet) and reminders (Microsoft.Orleans.Reminders.AdoNet).
--
-- The providers know no table. When they start they read the SQL they run from OrleansQuery, by key; they bind their
-- parameters by name (@DeploymentId, @GrainStateVersion, ...) and read the result columns by name (Version,
-- PayloadBinary, ...). Those keys, parameters and column names are the providers' contract; the tables behind them are
-- ours. The same grain state and reminder queries for SQLite are in src/Hosting/Storage/orleans-sqlite.sql.
--
-- The tables of our former runtime (scripts 1 to 4) go: Orleans cannot read their rows.

DROP TABLE IF EXISTS orleans_membership, orleans_membership_version, orleans_storage, orleans_reminders;

-- The providers' queries, by key. Named as the providers spell it; unquoted, so PostgreSQL folds it to orleansquery.
CREATE TABLE IF NOT EXISTS OrleansQuery
(
    QueryKey  varchar(64) NOT NULL PRIMARY KEY,
    QueryText text        NOT NULL
);

-- Membership. One version row per cluster is the ETag of the cluster's whole membership: every change to its silos
-- happens in a statement that also increments it, conditioned on the version the silo read. The providers call the
-- cluster id (ClusterOptions.ClusterId) DeploymentId.
CREATE TABLE IF NOT EXISTS orleans_cluster_versions
(
    cluster_id varchar(150) NOT NULL PRIMARY KEY,
    version    integer      NOT NULL DEFAULT 0,
    changed_at timestamptz  NOT NULL DEFAULT now()
);

-- One row per silo incarnation: a silo is ip:port@generation, and a restarted silo is a new row.
CREATE TABLE IF NOT EXISTS orleans_silos
(
    cluster_id      varchar(150) NOT NULL REFERENCES orleans_cluster_versions (cluster_id),
    address         varchar(45)  NOT NULL, -- IPv4 or IPv6, as text
    port            integer      NOT NULL, -- silo-to-silo
    generation      integer      NOT NULL,
    silo_name       varchar(150) NOT NULL,
    host_name       varchar(150) NOT NULL,
    status          integer      NOT NULL, -- SiloStatus: 1 Created, 2 Joining, 3 Active, 4 ShuttingDown, 5 Stopping, 6 Dead
    proxy_port      integer      NOT NULL, -- the gateway port for clients; 0: none
    suspect_times   text         NULL,     -- "silo,time|silo,time": which silos suspect this one, since when
    start_time      timestamptz  NOT NULL,
    i_am_alive_time timestamptz  NOT NULL, -- refreshed by the silo itself
    PRIMARY KEY (cluster_id, address, port, generation)
);

INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES
('InsertMembershipVersionKey', $sql$
    WITH inserted AS (
        INSERT INTO orleans_cluster_versions (cluster_id) VALUES (@DeploymentId)
        ON CONFLICT (cluster_id) DO NOTHING
        RETURNING 1
    )
    SELECT count(*)::integer AS Inserted FROM inserted
$sql$),
-- The version is incremented first, so of two silos that read the same version one inserts and the other gets 0.
('InsertMembershipKey', $sql$
    WITH versioned AS (
        UPDATE orleans_cluster_versions
        SET version = version + 1, changed_at = now()
        WHERE cluster_id = @DeploymentId AND version = @Version
            AND NOT EXISTS (
                SELECT 1 FROM orleans_silos
                WHERE cluster_id = @DeploymentId AND address = @Address AND port = @Port AND generation = @Generation)
        RETURNING cluster_id
    ), inserted AS (
        INSERT INTO orleans_silos
            (cluster_id, address, port, generation, silo_name, host_name, status, proxy_port, start_time, i_am_alive_time)
        SELECT cluster_id, @Address, @Port, @Generation, @SiloName, @HostName, @Status, @ProxyPort, @StartTime, @IAmAliveTime
        FROM versioned
        ON CONFLICT DO NOTHING
        RETURNING 1
    )
    SELECT count(*)::integer AS Inserted FROM inserted
$sql$),
('UpdateMembershipKey', $sql$
    WITH versioned AS (
        UPDATE orleans_cluster_versions
        SET version = version + 1, changed_at = now()
        WHERE cluster_id = @DeploymentId AND version = @Version
            AND EXISTS (
                SELECT 1 FROM orleans_silos
                WHERE cluster_id = @DeploymentId AND address = @Address AND port = @Port AND generation = @Generation)
        RETURNING cluster_id
    ), updated AS (
        UPDATE orleans_silos AS silo
        SET status = @Status, suspect_times = @SuspectTimes, i_am_alive_time = @IAmAliveTime
        FROM versioned
        WHERE silo.cluster_id = versioned.cluster_id
            AND silo.address = @Address AND silo.port = @Port AND silo.generation = @Generation
        RETURNING 1
    )
    SELECT count(*)::integer AS Updated FROM updated
$sql$),
-- A heartbeat: not a membership change, so the version stays.
('UpdateIAmAlivetimeKey', $sql$
    UPDATE orleans_silos
    SET i_am_alive_time = @IAmAliveTime
    WHERE cluster_id = @DeploymentId AND address = @Address AND port = @Port AND generation = @Generation
$sql$),
-- The version row comes back even without a silo row (the outer join), since it carries the table's ETag.
('MembershipReadRowKey', $sql$
    SELECT silo.address AS Address, silo.port AS Port, silo.generation AS Generation, silo.silo_name AS SiloName,
        silo.host_name AS HostName, silo.status AS Status, silo.proxy_port AS ProxyPort,
        silo.suspect_times AS SuspectTimes, silo.start_time AS StartTime, silo.i_am_alive_time AS IAmAliveTime,
        cluster.version AS Version
    FROM orleans_cluster_versions AS cluster
    LEFT JOIN orleans_silos AS silo ON silo.cluster_id = cluster.cluster_id
        AND silo.address = @Address AND silo.port = @Port AND silo.generation = @Generation
    WHERE cluster.cluster_id = @DeploymentId
$sql$),
('MembershipReadAllKey', $sql$
    SELECT silo.address AS Address, silo.port AS Port, silo.generation AS Generation, silo.silo_name AS SiloName,
        silo.host_name AS HostName, silo.status AS Status, silo.proxy_port AS ProxyPort,
        silo.suspect_times AS SuspectTimes, silo.start_time AS StartTime, silo.i_am_alive_time AS IAmAliveTime,
        cluster.version AS Version
    FROM orleans_cluster_versions AS cluster
    LEFT JOIN orleans_silos AS silo ON silo.cluster_id = cluster.cluster_id
    WHERE cluster.cluster_id = @DeploymentId
$sql$),
('DeleteMembershipTableEntriesKey', $sql$
    DELETE FROM orleans_silos WHERE cluster_id = @DeploymentId;
    DELETE FROM orleans_cluster_versions WHERE cluster_id = @DeploymentId
$sql$),
-- @Status is Active (3).
('GatewaysQueryKey', $sql$
    SELECT address AS Address, proxy_port AS ProxyPort, generation AS Generation
    FROM orleans_silos
    WHERE cluster_id = @DeploymentId AND status = @Status AND proxy_port > 0
$sql$),
('CleanupDefunctSiloEntriesKey', $sql$
    DELETE FROM orleans_silos
    WHERE cluster_id = @DeploymentId AND i_am_alive_time < @IAmAliveTime AND status <> 3
$sql$),
-- Used instead of the one above when present: removes one dead silo's row, only if nobody changed it since it was read.
('CleanupDefunctSiloEntryKey', $sql$
    DELETE FROM orleans_silos
    WHERE cluster_id = @DeploymentId AND address = @Address AND port = @Port AND generation = @Generation
        AND status = 6 AND start_time = @StartTime AND i_am_alive_time = @IAmAliveTime
        AND suspect_times IS NOT DISTINCT FROM @SuspectTimes
$sql$)
ON CONFLICT (QueryKey) DO NOTHING;

-- Grain state: one row per (service, state name, grain key). The providers call the state name (the name in
-- [PersistentState("name")]) GrainTypeString: it is not the grain class, so state names must be unique across grain
-- classes. Vibe hands the provider every key as "key:" + the grain's key (Vibe.Hosting.Storage.KeyEncodingGrainStorage:
-- the provider reads keys that parse as hexadecimal as numbers, and "c1" and "C1" would share a row), which arrives as
-- @GrainIdExtensionString with @GrainIdN0 and @GrainIdN1 zero. A cleared state is a tombstone, not a deleted row:
-- payload NULL and the version incremented like a write, so versions never restart and an ETag read before a clear
-- cannot match a state written after it.
CREATE TABLE IF NOT EXISTS orleans_grain_state
(
    service_id  varchar(150) NOT NULL, -- ClusterOptions.ServiceId
    state_name  varchar(512) NOT NULL,
    grain_key   text         NOT NULL,
    grain_id_n0 bigint       NOT NULL, -- a GUID or integer key, as the provider splits it; 0 for string keys
    grain_id_n1 bigint       NOT NULL,
    payload     json         NULL,     -- the state as System.Text.Json wrote it; NULL: cleared
    version     integer      NOT NULL, -- the ETag: 1 on the first write, incremented by every write and clear
    modified_on timestamptz  NOT NULL DEFAULT now()
);

-- Unique by a hash of the key, since a key (a document's path) can exceed what a B-tree entry holds.
CREATE UNIQUE INDEX IF NOT EXISTS orleans_grain_state_key_idx
    ON orleans_grain_state (service_id, state_name, grain_id_n0, grain_id_n1, md5(grain_key));

-- The provider sends the state as UTF-8 JSON bytes and reads bytes back; the column keeps it as JSON a person can read.
-- Of the two statements of a write only one can apply: the update needs the version the grain read, the insert needs
-- none (a grain that never saw a row). Neither applying returns no row, which the provider reports as
-- InconsistentStateException.
INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES
('WriteToStorageKey', $sql$
    UPDATE orleans_grain_state
    SET payload = convert_from(@PayloadBinary, 'UTF8')::json, version = version + 1, modified_on = now()
    WHERE service_id = @ServiceId AND state_name = @GrainTypeString
        AND grain_id_n0 = @GrainIdN0 AND grain_id_n1 = @GrainIdN1
        AND md5(grain_key) = md5(coalesce(@GrainIdExtensionString, '')) AND grain_key = coalesce(@GrainIdExtensionString, '')
        AND version = @GrainStateVersion
    RETURNING version AS NewGrainStateVersion;
    INSERT INTO orleans_grain_state (service_id, state_name, grain_id_n0, grain_id_n1, grain_key, payload, version)
    SELECT @ServiceId, @GrainTypeString, @GrainIdN0, @GrainIdN1, coalesce(@GrainIdExtensionString, ''),
        convert_from(@PayloadBinary, 'UTF8')::json, 1
    WHERE @GrainStateVersion IS NULL
    ON CONFLICT (service_id, state_name, grain_id_n0, grain_id_n1, md5(grain_key)) DO NOTHING
    RETURNING version AS NewGrainStateVersion
$sql$),
('ReadFromStorageKey', $sql$
    SELECT convert_to(payload::text, 'UTF8') AS PayloadBinary, version AS Version
    FROM orleans_grain_state
    WHERE service_id = @ServiceId AND state_name = @GrainTypeString
        AND grain_id_n0 = @GrainIdN0 AND grain_id_n1 = @GrainIdN1
        AND md5(grain_key) = md5(coalesce(@GrainIdExtensionString, '')) AND grain_key = coalesce(@GrainIdExtensionString, '')
$sql$),
('ClearStorageKey', $sql$
    UPDATE orleans_grain_state
    SET payload = NULL, version = version + 1, modified_on = now()
    WHERE service_id = @ServiceId AND state_name = @GrainTypeString
        AND grain_id_n0 = @GrainIdN0 AND grain_id_n1 = @GrainIdN1
        AND md5(grain_key) = md5(coalesce(@GrainIdExtensionString, '')) AND grain_key = coalesce(@GrainIdExtensionString, '')
        AND version = @GrainStateVersion
    RETURNING version AS NewGrainStateVersion
$sql$)
ON CONFLICT (QueryKey) DO NOTHING;

-- Reminders: one row per (service, grain, reminder name). Each silo ticks the reminders whose grain hash falls in its
-- range of the ring (ReadRangeRows1Key for a range (begin, end], ReadRangeRows2Key for one that wraps around).
CREATE TABLE IF NOT EXISTS orleans_grain_reminders
(
    service_id    varchar(150) NOT NULL,
    grain_id      text         NOT NULL, -- GrainId.ToString(): "type/key"
    reminder_name text         NOT NULL,
    start_time    timestamptz  NOT NULL, -- when the first tick was due
    period        bigint       NOT NULL, -- milliseconds between ticks
    grain_hash    integer      NOT NULL, -- GrainId.GetUniformHashCode(), read as a signed integer
    version       integer      NOT NULL  -- the ETag: 1 on insert, incremented by every upsert
);

CREATE UNIQUE INDEX IF NOT EXISTS orleans_grain_reminders_key_idx
    ON orleans_grain_reminders (service_id, md5(grain_id), reminder_name);
CREATE INDEX IF NOT EXISTS orleans_grain_reminders_ring_idx
    ON orleans_grain_reminders (service_id, grain_hash);

INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES
('UpsertReminderRowKey', $sql$
    INSERT INTO orleans_grain_reminders (service_id, grain_id, reminder_name, start_time, period, grain_hash, version)
    VALUES (@ServiceId, @GrainId, @ReminderName, @StartTime, @Period, @GrainHash, 1)
    ON CONFLICT (service_id, md5(grain_id), reminder_name) DO UPDATE
    SET start_time = excluded.start_time, period = excluded.period, grain_hash = excluded.grain_hash,
        version = orleans_grain_reminders.version + 1
    RETURNING version AS Version
$sql$),
('ReadReminderRowsKey', $sql$
    SELECT grain_id AS GrainId, reminder_name AS ReminderName, start_time AS StartTime, period AS Period, version AS Version
    FROM orleans_grain_reminders
    WHERE service_id = @ServiceId AND md5(grain_id) = md5(@GrainId) AND grain_id = @GrainId
$sql$),
('ReadReminderRowKey', $sql$
    SELECT grain_id AS GrainId, reminder_name AS ReminderName, start_time AS StartTime, period AS Period, version AS Version
    FROM orleans_grain_reminders
    WHERE service_id = @ServiceId AND md5(grain_id) = md5(@GrainId) AND grain_id = @GrainId AND reminder_name = @ReminderName
$sql$),
('ReadRangeRows1Key', $sql$
    SELECT grain_id AS GrainId, reminder_name AS ReminderName, start_time AS StartTime, period AS Period, version AS Version
    FROM orleans_grain_reminders
    WHERE service_id = @ServiceId AND grain_hash > @BeginHash AND grain_hash <= @EndHash
$sql$),
('ReadRangeRows2Key', $sql$
    SELECT grain_id AS GrainId, reminder_name AS ReminderName, start_time AS StartTime, period AS Period, version AS Version
    FROM orleans_grain_reminders
    WHERE service_id = @ServiceId AND (grain_hash > @BeginHash OR grain_hash <= @EndHash)
$sql$),
('DeleteReminderRowKey', $sql$
    WITH deleted AS (
        DELETE FROM orleans_grain_reminders
        WHERE service_id = @ServiceId AND md5(grain_id) = md5(@GrainId) AND grain_id = @GrainId
            AND reminder_name = @ReminderName AND version = @Version
        RETURNING 1
    )
    SELECT count(*) > 0 AS Deleted FROM deleted
$sql$),
('DeleteReminderRowsKey', $sql$
    DELETE FROM orleans_grain_reminders WHERE service_id = @ServiceId
$sql$)
ON CONFLICT (QueryKey) DO NOTHING;

INSERT INTO vibe_schema_version (script_number, description)
VALUES (8, 'Orleans'' membership, grain state and reminders')
ON CONFLICT (script_number) DO NOTHING;
