-- Vibe: the SQLite schema of the embedded default (one silo, one database file).
--
-- SqliteSchema.EnsureCreatedAsync runs this file (embedded in Vibe.Actors) when a SQLite provider starts.
-- Like orleans.sql it is a list of numbered, idempotent scripts recorded in vibe_schema_version: append
-- the next number to change the schema, never edit an applied script.

-- Readers never block the writer and the writer never blocks readers; the setting is stored in the file.
PRAGMA journal_mode = WAL;

CREATE TABLE IF NOT EXISTS vibe_schema_version
(
    script_number INTEGER NOT NULL PRIMARY KEY,
    description   TEXT    NOT NULL,
    applied_at    TEXT    NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);


-- Script 1: grain storage. One row per (service, grain, state name). A cleared state is a tombstone, not a
-- deleted row: payload NULL and the version incremented like a write, so versions never restart at 1 and an
-- ETag read before a clear cannot match a record written after it.

CREATE TABLE IF NOT EXISTS orleans_storage
(
    service_id  TEXT    NOT NULL,
    grain_type  TEXT    NOT NULL,
    grain_key   TEXT    NOT NULL,
    state_name  TEXT    NOT NULL,
    payload     BLOB    NULL,     -- the state as the storage provider's serializer wrote it (JSON by default); NULL: cleared
    version     INTEGER NOT NULL, -- the ETag: 1 on the first write, incremented by every write and clear
    modified_on TEXT    NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    PRIMARY KEY (service_id, grain_type, grain_key, state_name)
);

INSERT OR IGNORE INTO vibe_schema_version (script_number, description)
VALUES (1, 'grain storage');


-- Script 2: reminders.

CREATE TABLE IF NOT EXISTS orleans_reminders
(
    service_id    TEXT    NOT NULL,
    grain_type    TEXT    NOT NULL,
    grain_key     TEXT    NOT NULL,
    reminder_name TEXT    NOT NULL,
    start_time    TEXT    NOT NULL, -- when the first tick is due: UTC, ISO 8601 round-trip format
    period_ticks  INTEGER NOT NULL, -- TimeSpan.Ticks (100 ns units)
    version       INTEGER NOT NULL, -- the ETag: 1 on insert, incremented by every upsert
    PRIMARY KEY (service_id, grain_type, grain_key, reminder_name)
);

INSERT OR IGNORE INTO vibe_schema_version (script_number, description)
VALUES (2, 'reminders');
