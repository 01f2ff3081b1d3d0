-- Vibe: the whole PostgreSQL schema a new database needs (PostgreSQL 15): Orleans' membership, grain state and reminder
-- tables with the queries its ADO.NET providers run, and Vibe's own tables.
--
-- Apply it with `psql -v ON_ERROR_STOP=1 -f orleans.sql`, or let a process do it: the file is embedded in Vibe.Hosting and
-- VibeSchema.EnsureAsync runs it at startup in one transaction under an advisory lock, so processes starting together do
-- not race, and only when a script below is not recorded yet, so a second start changes nothing.
--
-- The file is a list of numbered scripts. Each script is idempotent on its own and records its number in
-- vibe_schema_version, so running the whole file again changes nothing. To change the schema, append the next numbered
-- script; never edit one that has been applied. A statement that cannot be written idempotently goes in a DO block
-- guarded by
--   IF NOT EXISTS (SELECT 1 FROM vibe_schema_version WHERE script_number = N) THEN ... END IF;
-- Numbers 1 to 4 belonged to the tables of our own actor runtime, which Orleans replaced (script 8 drops them).
--
-- Every version column is an ETag: a writer passes the version it read, the write succeeds only if the stored version
-- still equals it, and the write increments it.

CREATE TABLE IF NOT EXISTS vibe_schema_version
(
    script_number integer     NOT NULL PRIMARY KEY,
    description   text        NOT NULL,
    applied_at    timestamptz NOT NULL DEFAULT now()
);


-- Script 5: WebFront's app tables: accounts, teams and the audit log.
--
-- The same tables in SQLite (the embedded default) are in src/WebFront/Data/Schema/sqlite.sql; keep the two in step.
-- Ids are text (GUIDs as 36 lowercase characters; audit ids are version 7 GUIDs, so they sort by time), timestamps are
-- bigint milliseconds since the Unix epoch (UTC), emails are stored trimmed and lowercased.

-- Installation-wide values: the token signing key when none is configured, the first (admin) account.
CREATE TABLE IF NOT EXISTS vibe_settings
(
    name       text   NOT NULL PRIMARY KEY,
    value      text   NOT NULL,
    created_at bigint NOT NULL
);

CREATE TABLE IF NOT EXISTS users
(
    id                  text    NOT NULL PRIMARY KEY,
    email               text    NOT NULL,
    display_name        text    NOT NULL,
    password_hash       text    NOT NULL, -- "pbkdf2-sha256$ITERATIONS$SALT$HASH" (base64), see PasswordHasher
    is_admin            boolean NOT NULL DEFAULT false,
    failed_sign_ins     integer NOT NULL DEFAULT 0, -- failed password checks since the last success or lockout
    locked_until        bigint  NULL,
    created_at          bigint  NOT NULL,
    password_changed_at bigint  NOT NULL
);

CREATE UNIQUE INDEX IF NOT EXISTS users_email_idx ON users (email);

-- Refresh tokens, stored as SHA-256 hashes. A refresh replaces a token by a new one of the same family; presenting a
-- replaced token again revokes the whole family (someone else holds a copy).
CREATE TABLE IF NOT EXISTS refresh_tokens
(
    id          text   NOT NULL PRIMARY KEY,
    user_id     text   NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    family_id   text   NOT NULL,
    token_hash  text   NOT NULL,
    created_at  bigint NOT NULL,
    expires_at  bigint NOT NULL,
    replaced_at bigint NULL,
    revoked_at  bigint NULL
);

CREATE UNIQUE INDEX IF NOT EXISTS refresh_tokens_hash_idx ON refresh_tokens (token_hash);
CREATE INDEX IF NOT EXISTS refresh_tokens_family_idx ON refresh_tokens (family_id);
CREATE INDEX IF NOT EXISTS refresh_tokens_user_idx ON refresh_tokens (user_id);

CREATE TABLE IF NOT EXISTS teams
(
    id         text   NOT NULL PRIMARY KEY,
    name       text   NOT NULL,
    created_at bigint NOT NULL
);

CREATE TABLE IF NOT EXISTS team_members
(
    team_id   text   NOT NULL REFERENCES teams (id) ON DELETE CASCADE,
    user_id   text   NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    role      text   NOT NULL CHECK (role IN ('owner', 'admin', 'member', 'viewer')),
    joined_at bigint NOT NULL,
    PRIMARY KEY (team_id, user_id)
);

CREATE INDEX IF NOT EXISTS team_members_user_idx ON team_members (user_id);

-- Invitations by email; the token (given once to the inviter) is stored as a SHA-256 hash.
CREATE TABLE IF NOT EXISTS team_invitations
(
    id          text   NOT NULL PRIMARY KEY,
    team_id     text   NOT NULL REFERENCES teams (id) ON DELETE CASCADE,
    email       text   NOT NULL,
    role        text   NOT NULL CHECK (role IN ('owner', 'admin', 'member', 'viewer')),
    token_hash  text   NOT NULL,
    invited_by  text   NULL REFERENCES users (id) ON DELETE SET NULL,
    created_at  bigint NOT NULL,
    expires_at  bigint NOT NULL,
    accepted_at bigint NULL,
    accepted_by text   NULL,
    revoked_at  bigint NULL
);

CREATE UNIQUE INDEX IF NOT EXISTS team_invitations_hash_idx ON team_invitations (token_hash);
CREATE INDEX IF NOT EXISTS team_invitations_team_idx ON team_invitations (team_id);

-- Security-relevant actions. No foreign keys: entries outlive the users, teams and workspaces they name.
CREATE TABLE IF NOT EXISTS audit_log
(
    id           text   NOT NULL PRIMARY KEY,
    occurred_at  bigint NOT NULL,
    action       text   NOT NULL, -- e.g. "auth.login", "team.member.role_changed", "workspace.start" (AuditActions)
    actor_id     text   NULL,     -- the user who acted; NULL when nobody signed in (a failed login)
    team_id      text   NULL,
    workspace_id text   NULL,
    subject      text   NULL,     -- what the action was about: an email, a user id, a role change
    ip           text   NULL
);

CREATE INDEX IF NOT EXISTS audit_log_team_idx ON audit_log (team_id, id);

INSERT INTO vibe_schema_version (script_number, description)
VALUES (5, 'accounts, teams and the audit log')
ON CONFLICT (script_number) DO NOTHING;


-- Script 6: the workspace index.
--
-- One row per workspace, so that listing a user's workspaces with status and resource use is one indexed query that
-- calls no grain. The workspace grains are the authority on status and settings; the web front copies them here when
-- it creates a workspace, after each call that changes one, when a grain reports a transition
-- (IWorkspaceStatusObserver), and from its resource sampler, which records the CPU and memory of running workspaces
-- every few seconds. status_changed_at (when the grain entered the status) orders the writers: an older status never
-- replaces a newer one. Access follows owner_id and team_id: a personal workspace (team_id NULL) is its owner's, a
-- team's workspace its members' by role. Deleted workspaces keep their row (deleted) so that their id is never reused.
-- No foreign keys, like the audit log: rows outlive users and teams. Same table in sqlite.sql (script 6).
CREATE TABLE IF NOT EXISTS workspaces
(
    id                 text             NOT NULL PRIMARY KEY, -- the grain key: 14 lower-case letters and digits
    name               text             NOT NULL,
    owner_id           text             NOT NULL,             -- the user who created it (users.id)
    team_id            text             NULL,                 -- the team it belongs to (teams.id); NULL: personal
    template           text             NOT NULL,
    network            text             NOT NULL,             -- WorkspaceNetworkPolicy: None, Internal, Internet
    nano_cpus          bigint           NOT NULL,
    memory_limit_bytes bigint           NOT NULL,
    pids_limit         bigint           NOT NULL,
    status             text             NOT NULL,             -- WorkspaceStatus: Creating, Starting, Running, ...
    status_changed_at  bigint           NOT NULL,
    error              text             NULL,
    created_at         bigint           NOT NULL,
    last_activity_at   bigint           NULL,
    cpu_percent        double precision NULL,                 -- the last sample while running (100 = one CPU)
    memory_used_bytes  bigint           NULL,
    sampled_at         bigint           NULL,
    deleted            boolean          NOT NULL DEFAULT false
);

-- The two halves of a user's listing, and the sampler's scan of workspaces that can change without an API call.
CREATE INDEX IF NOT EXISTS workspaces_owner_idx ON workspaces (owner_id, created_at) WHERE team_id IS NULL AND NOT deleted;
CREATE INDEX IF NOT EXISTS workspaces_team_idx ON workspaces (team_id, created_at) WHERE team_id IS NOT NULL AND NOT deleted;
CREATE INDEX IF NOT EXISTS workspaces_active_idx ON workspaces (status)
    WHERE status IN ('Creating', 'Starting', 'Running', 'Stopping') AND NOT deleted;

INSERT INTO vibe_schema_version (script_number, description)
VALUES (6, 'the workspace index')
ON CONFLICT (script_number) DO NOTHING;


-- Script 7: the AI agent's provider settings.
--
-- A team may override the installation's AI provider (Vibe:Agent:Provider). The API key is stored as ASP.NET Core Data
-- Protection ciphertext (purpose "Vibe.Agents.ProviderApiKey.v1" and the team id, so a value copied to another team's
-- row does not decrypt); it is never returned by the API. The Data Protection key ring is kept in data_protection_keys,
-- so every web silo on the database decrypts what another stored (unless Vibe:Agent:KeyRingDirectory moves it to files).
-- Same tables in sqlite.sql (script 7).
CREATE TABLE IF NOT EXISTS team_agent_providers
(
    team_id           text    NOT NULL PRIMARY KEY REFERENCES teams (id) ON DELETE CASCADE,
    kind              text    NOT NULL, -- AgentProviderKind: Anthropic, OpenAI
    endpoint          text    NULL,     -- the API base address; NULL for the provider's default
    model             text    NOT NULL,
    max_output_tokens integer NOT NULL,
    api_key_protected text    NULL,     -- Data Protection ciphertext of the key; NULL when the team set none
    updated_by        text    NOT NULL, -- users.id of who last changed it (no foreign key: the row outlives the user)
    updated_at        bigint  NOT NULL
);

-- The Data Protection key ring: one XML element per key, as IXmlRepository stores them.
CREATE TABLE IF NOT EXISTS data_protection_keys
(
    name       text   NOT NULL PRIMARY KEY, -- the element's friendly name, "key-{guid}"
    xml        text   NOT NULL,
    created_at bigint NOT NULL
);

INSERT INTO vibe_schema_version (script_number, description)
VALUES (7, 'the AI agent''s provider settings')
ON CONFLICT (script_number) DO NOTHING;


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


-- Script 9: account administration and sign-up.
--
-- disabled_users: accounts the installation admin disabled (they cannot sign in; their sessions are revoked).
-- password_resets: reset links the admin makes, stored as SHA-256 hashes; one use each, a new one retires the last.
-- pending_sign_ups: open sign-ups waiting for the link sent to their address (when Vibe sends email), the password
-- already hashed. team_invitations_email_idx serves the invitee's list of pending invitations. Since this script, failed
-- sign-ins are throttled in memory per address (SignInThrottle): users.failed_sign_ins and locked_until are unused.
-- Same tables in sqlite.sql (script 8 there).
CREATE TABLE IF NOT EXISTS disabled_users
(
    user_id     text   NOT NULL PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    disabled_by text   NULL,     -- users.id of the admin (no foreign key: the row outlives that account)
    disabled_at bigint NOT NULL
);

CREATE TABLE IF NOT EXISTS password_resets
(
    id         text   NOT NULL PRIMARY KEY,
    user_id    text   NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    token_hash text   NOT NULL,
    created_by text   NULL,
    created_at bigint NOT NULL,
    expires_at bigint NOT NULL,
    used_at    bigint NULL      -- also set when a newer link replaces this one
);

CREATE UNIQUE INDEX IF NOT EXISTS password_resets_hash_idx ON password_resets (token_hash);
CREATE INDEX IF NOT EXISTS password_resets_user_idx ON password_resets (user_id);

CREATE TABLE IF NOT EXISTS pending_sign_ups
(
    token_hash    text   NOT NULL PRIMARY KEY,
    email         text   NOT NULL,
    display_name  text   NOT NULL,
    password_hash text   NOT NULL,
    created_at    bigint NOT NULL,
    expires_at    bigint NOT NULL
);

CREATE INDEX IF NOT EXISTS pending_sign_ups_email_idx ON pending_sign_ups (email);
CREATE INDEX IF NOT EXISTS team_invitations_email_idx ON team_invitations (email);

INSERT INTO vibe_schema_version (script_number, description)
VALUES (9, 'account administration and sign-up')
ON CONFLICT (script_number) DO NOTHING;
