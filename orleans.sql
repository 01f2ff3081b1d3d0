-- Vibe: the whole PostgreSQL schema a new database needs (PostgreSQL 15).
--
-- Apply it with `psql -v ON_ERROR_STOP=1 -f orleans.sql`, or let a silo do it: the file is embedded in
-- Vibe.Actors and PostgresSchema.EnsureCreatedAsync runs it at startup under an advisory lock, so silos
-- starting together do not race.
--
-- The file is a list of numbered scripts. Each script is idempotent on its own and records its number in
-- vibe_schema_version, so running the whole file again changes nothing. To change the schema, append the
-- next numbered script; never edit one that has been applied. A statement that cannot be written
-- idempotently goes in a DO block guarded by
--   IF NOT EXISTS (SELECT 1 FROM vibe_schema_version WHERE script_number = N) THEN ... END IF;
--
-- Naming follows the Orleans ADO.NET provider's tables, in snake_case. Every version column is an ETag:
-- a writer passes the version it read, the write succeeds only if the stored version still equals it,
-- and the write increments it.

CREATE TABLE IF NOT EXISTS vibe_schema_version
(
    script_number integer     NOT NULL PRIMARY KEY,
    description   text        NOT NULL,
    applied_at    timestamptz NOT NULL DEFAULT now()
);


-- Script 1: cluster membership.
--
-- One version row per cluster is the ETag of that cluster's whole membership table: every change to
-- orleans_membership happens in a transaction that also increments the version row, conditioned on
-- the version the silo read.

CREATE TABLE IF NOT EXISTS orleans_membership_version
(
    cluster_id varchar(150) NOT NULL PRIMARY KEY,
    timestamp  timestamptz  NOT NULL DEFAULT now(), -- when the version last changed
    version    integer      NOT NULL DEFAULT 0
);

-- One row per silo incarnation: a silo address is ip:port@generation, and a restarted silo is a new row.
CREATE TABLE IF NOT EXISTS orleans_membership
(
    cluster_id      varchar(150) NOT NULL REFERENCES orleans_membership_version (cluster_id),
    address         varchar(45)  NOT NULL, -- IPv4 or IPv6 address as text
    port            integer      NOT NULL,
    generation      integer      NOT NULL,
    silo_name       varchar(150) NOT NULL,
    host_name       varchar(150) NOT NULL,
    status          varchar(20)  NOT NULL
        CHECK (status IN ('Created', 'Joining', 'Active', 'ShuttingDown', 'Stopping', 'Dead')),
    proxy_port      integer      NULL,     -- the gateway port for clients, if the silo has one
    suspect_times   jsonb        NOT NULL DEFAULT '[]', -- [{"silo": "ip:port@generation", "time": "<UTC ISO 8601>"}]: who suspects this silo, since when
    start_time      timestamptz  NOT NULL,
    i_am_alive_time timestamptz  NOT NULL, -- refreshed periodically by the silo itself
    PRIMARY KEY (cluster_id, address, port, generation)
);

INSERT INTO vibe_schema_version (script_number, description)
VALUES (1, 'cluster membership')
ON CONFLICT (script_number) DO NOTHING;


-- Script 2: grain storage.
--
-- One row per (service, grain, state name). A cleared state is a tombstone, not a deleted row: payload
-- NULL and the version incremented like a write, as in the Orleans ADO.NET provider. Versions therefore
-- never restart at 1, so an ETag read before a clear cannot match a record written after it.

CREATE TABLE IF NOT EXISTS orleans_storage
(
    service_id  varchar(150) NOT NULL,
    grain_type  varchar(150) NOT NULL,
    grain_key   text         NOT NULL,
    state_name  varchar(150) NOT NULL,
    payload     bytea        NULL,     -- the state as the storage provider's serializer wrote it (JSON by default); NULL: cleared
    version     integer      NOT NULL, -- the ETag: 1 on the first write, incremented by every write and clear
    modified_on timestamptz  NOT NULL DEFAULT now(),
    PRIMARY KEY (service_id, grain_type, grain_key, state_name)
);

INSERT INTO vibe_schema_version (script_number, description)
VALUES (2, 'grain storage')
ON CONFLICT (script_number) DO NOTHING;


-- Script 3: reminders.

CREATE TABLE IF NOT EXISTS orleans_reminders
(
    service_id    varchar(150) NOT NULL,
    grain_type    varchar(150) NOT NULL,
    grain_key     text         NOT NULL,
    reminder_name varchar(150) NOT NULL,
    grain_hash    bigint       NOT NULL, -- GrainId.GetStableHash(), so silos can read the reminders of their ring range
    start_time    timestamptz  NOT NULL, -- when the first tick is due
    period        interval     NOT NULL,
    version       integer      NOT NULL, -- the ETag: 1 on insert, incremented by every upsert
    PRIMARY KEY (service_id, grain_type, grain_key, reminder_name)
);

CREATE INDEX IF NOT EXISTS orleans_reminders_service_hash_idx
    ON orleans_reminders (service_id, grain_hash);

INSERT INTO vibe_schema_version (script_number, description)
VALUES (3, 'reminders')
ON CONFLICT (script_number) DO NOTHING;


-- Script 4: membership roles and row ETags.
--
-- role: the silo's role; '' for a general silo that takes any grain.
-- version: the row's ETag, the table version (orleans_membership_version.version) written by the row's last insert
-- or update. The version row of a cluster only counts up, so a row's ETag changes with every write to the row and
-- is never reused, not even by a row re-inserted after a cleanup. IAmAlive heartbeats do not change it.

ALTER TABLE orleans_membership ADD COLUMN IF NOT EXISTS role text NOT NULL DEFAULT '';
ALTER TABLE orleans_membership ADD COLUMN IF NOT EXISTS version integer NOT NULL DEFAULT 0;

INSERT INTO vibe_schema_version (script_number, description)
VALUES (4, 'membership roles and row ETags')
ON CONFLICT (script_number) DO NOTHING;
