-- Vibe: Orleans' grain state and reminder tables, and the queries its ADO.NET providers run, for SQLite: the embedded
-- default (one silo, UseLocalhostClustering) keeps them in vibe.db in the data directory, beside the web front's tables
-- (src/WebFront/Data/Schema/sqlite.sql, which records its scripts in vibe_app_schema_version).
--
-- VibeSchema.EnsureAsync runs this file (embedded in Vibe.Hosting) at startup in one immediate transaction, after
-- setting PRAGMA journal_mode = WAL (which cannot be changed inside a transaction), and only when a script below is not
-- recorded yet. Like orleans.sql it is a list of numbered, idempotent scripts recorded in vibe_schema_version: append the
-- next number to change the schema, never edit an applied script. Numbers 1 and 2 were the tables of our own actor
-- runtime, which Orleans replaced (script 3 drops them).
--
-- The tables and queries are those of orleans.sql (script 8) written for SQLite; see there for what the providers
-- expect. Orleans 10.4.2 knows SQLite by the invariant "System.Data.SQLite" and talks to it through Microsoft.Data.Sqlite.

CREATE TABLE IF NOT EXISTS vibe_schema_version
(
    script_number INTEGER NOT NULL PRIMARY KEY,
    description   TEXT    NOT NULL,
    applied_at    TEXT    NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);


-- Script 3: Orleans' grain state (Microsoft.Orleans.Persistence.AdoNet) and reminders (Microsoft.Orleans.Reminders.AdoNet).

DROP TABLE IF EXISTS orleans_storage;
DROP TABLE IF EXISTS orleans_reminders;

CREATE TABLE IF NOT EXISTS OrleansQuery
(
    QueryKey  TEXT NOT NULL PRIMARY KEY,
    QueryText TEXT NOT NULL
);

-- One row per (service, state name, grain key); grain_key is "key:" + the grain's key (see orleans.sql). A cleared state
-- is a tombstone: payload NULL, version incremented.
CREATE TABLE IF NOT EXISTS orleans_grain_state
(
    service_id  TEXT    NOT NULL,
    state_name  TEXT    NOT NULL,
    grain_key   TEXT    NOT NULL,
    grain_id_n0 INTEGER NOT NULL,
    grain_id_n1 INTEGER NOT NULL,
    payload     TEXT    NULL,     -- the state as System.Text.Json wrote it; NULL: cleared
    version     INTEGER NOT NULL, -- the ETag: 1 on the first write, incremented by every write and clear
    modified_on TEXT    NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    PRIMARY KEY (service_id, state_name, grain_key, grain_id_n0, grain_id_n1)
);

-- The provider sends UTF-8 JSON bytes: CAST reads them as text, and back as bytes. Of the two statements of a write only
-- one can apply (the update needs the version the grain read, the insert needs none); neither applying returns no
-- row, which the provider reports as InconsistentStateException.
INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES
('WriteToStorageKey', '
    UPDATE orleans_grain_state
    SET payload = CAST(@PayloadBinary AS TEXT), version = version + 1,
        modified_on = strftime(''%Y-%m-%dT%H:%M:%fZ'', ''now'')
    WHERE service_id = @ServiceId AND state_name = @GrainTypeString AND grain_key = coalesce(@GrainIdExtensionString, '''')
        AND grain_id_n0 = @GrainIdN0 AND grain_id_n1 = @GrainIdN1
        AND version = @GrainStateVersion
    RETURNING version AS NewGrainStateVersion;
    INSERT INTO orleans_grain_state (service_id, state_name, grain_key, grain_id_n0, grain_id_n1, payload, version)
    SELECT @ServiceId, @GrainTypeString, coalesce(@GrainIdExtensionString, ''''), @GrainIdN0, @GrainIdN1,
        CAST(@PayloadBinary AS TEXT), 1
    WHERE @GrainStateVersion IS NULL
    ON CONFLICT DO NOTHING
    RETURNING version AS NewGrainStateVersion;
'),
('ReadFromStorageKey', '
    SELECT CAST(payload AS BLOB) AS PayloadBinary, version AS Version
    FROM orleans_grain_state
    WHERE service_id = @ServiceId AND state_name = @GrainTypeString AND grain_key = coalesce(@GrainIdExtensionString, '''')
        AND grain_id_n0 = @GrainIdN0 AND grain_id_n1 = @GrainIdN1;
'),
('ClearStorageKey', '
    UPDATE orleans_grain_state
    SET payload = NULL, version = version + 1, modified_on = strftime(''%Y-%m-%dT%H:%M:%fZ'', ''now'')
    WHERE service_id = @ServiceId AND state_name = @GrainTypeString AND grain_key = coalesce(@GrainIdExtensionString, '''')
        AND grain_id_n0 = @GrainIdN0 AND grain_id_n1 = @GrainIdN1
        AND version = @GrainStateVersion
    RETURNING version AS NewGrainStateVersion;
')
ON CONFLICT (QueryKey) DO NOTHING;

-- One row per (service, grain, reminder name); see orleans.sql for the ring ranges.
CREATE TABLE IF NOT EXISTS orleans_grain_reminders
(
    service_id    TEXT    NOT NULL,
    grain_id      TEXT    NOT NULL, -- GrainId.ToString(): "type/key"
    reminder_name TEXT    NOT NULL,
    start_time    TEXT    NOT NULL, -- UTC, as Microsoft.Data.Sqlite writes a DateTime: "yyyy-MM-dd HH:mm:ss.FFFFFFF"
    period        INTEGER NOT NULL, -- milliseconds between ticks
    grain_hash    INTEGER NOT NULL, -- GrainId.GetUniformHashCode(), read as a signed integer
    version       INTEGER NOT NULL, -- the ETag: 1 on insert, incremented by every upsert
    PRIMARY KEY (service_id, grain_id, reminder_name)
);

CREATE INDEX IF NOT EXISTS orleans_grain_reminders_ring_idx ON orleans_grain_reminders (service_id, grain_hash);

-- The provider reads one boolean column from DeleteReminderRowKey: changes() counts the rows the DELETE removed.
INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES
('UpsertReminderRowKey', '
    INSERT INTO orleans_grain_reminders (service_id, grain_id, reminder_name, start_time, period, grain_hash, version)
    VALUES (@ServiceId, @GrainId, @ReminderName, @StartTime, @Period, @GrainHash, 1)
    ON CONFLICT (service_id, grain_id, reminder_name) DO UPDATE
    SET start_time = excluded.start_time, period = excluded.period, grain_hash = excluded.grain_hash,
        version = orleans_grain_reminders.version + 1
    RETURNING version AS Version;
'),
('ReadReminderRowsKey', '
    SELECT grain_id AS GrainId, reminder_name AS ReminderName, start_time AS StartTime, period AS Period, version AS Version
    FROM orleans_grain_reminders
    WHERE service_id = @ServiceId AND grain_id = @GrainId;
'),
('ReadReminderRowKey', '
    SELECT grain_id AS GrainId, reminder_name AS ReminderName, start_time AS StartTime, period AS Period, version AS Version
    FROM orleans_grain_reminders
    WHERE service_id = @ServiceId AND grain_id = @GrainId AND reminder_name = @ReminderName;
'),
('ReadRangeRows1Key', '
    SELECT grain_id AS GrainId, reminder_name AS ReminderName, start_time AS StartTime, period AS Period, version AS Version
    FROM orleans_grain_reminders
    WHERE service_id = @ServiceId AND grain_hash > @BeginHash AND grain_hash <= @EndHash;
'),
('ReadRangeRows2Key', '
    SELECT grain_id AS GrainId, reminder_name AS ReminderName, start_time AS StartTime, period AS Period, version AS Version
    FROM orleans_grain_reminders
    WHERE service_id = @ServiceId AND (grain_hash > @BeginHash OR grain_hash <= @EndHash);
'),
('DeleteReminderRowKey', '
    DELETE FROM orleans_grain_reminders
    WHERE service_id = @ServiceId AND grain_id = @GrainId AND reminder_name = @ReminderName AND version = @Version;
    SELECT changes() > 0 AS Deleted;
'),
('DeleteReminderRowsKey', '
    DELETE FROM orleans_grain_reminders WHERE service_id = @ServiceId;
')
ON CONFLICT (QueryKey) DO NOTHING;

INSERT INTO vibe_schema_version (script_number, description)
VALUES (3, 'Orleans'' grain state and reminders')
ON CONFLICT (script_number) DO NOTHING;
