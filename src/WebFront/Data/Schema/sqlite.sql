-- Vibe WebFront: the SQLite schema of the app tables (accounts, teams, audit, ...) in the embedded default.
--
-- The same tables as postgres.sql beside this file, with the same script numbers, written for SQLite; keep the two in
-- step. They live in vibe.db in the data directory, beside Orleans' grain state and reminder tables (which keep their own
-- scripts in vibe_schema_version: src/Hosting/Storage/orleans-sqlite.sql). VibeDatabase runs this file (embedded in
-- Vibe.WebFront) at startup through VibeSchema, in one immediate transaction, and only when a script is not recorded in
-- vibe_app_schema_version yet (the database is in WAL mode, set before the transaction). Each script is idempotent on
-- its own; to change the schema, append the next script here and in postgres.sql, never edit one that has been applied.
--
-- Conventions shared with postgres.sql: ids are TEXT (GUIDs as 36 lowercase characters; audit ids are version 7 GUIDs,
-- so they sort by time), timestamps are INTEGER milliseconds since the Unix epoch (UTC), flags are 0/1 (boolean in
-- PostgreSQL), emails are stored trimmed and lowercased.

CREATE TABLE IF NOT EXISTS vibe_app_schema_version
(
    script_number INTEGER NOT NULL PRIMARY KEY,
    description   TEXT    NOT NULL
);


-- Script 5 (postgres.sql script 5): accounts, teams and the audit log.

-- Installation-wide values: the token signing key when none is configured, the first (admin) account.
CREATE TABLE IF NOT EXISTS vibe_settings
(
    name       TEXT    NOT NULL PRIMARY KEY,
    value      TEXT    NOT NULL,
    created_at INTEGER NOT NULL
);

CREATE TABLE IF NOT EXISTS users
(
    id                  TEXT    NOT NULL PRIMARY KEY,
    email               TEXT    NOT NULL,
    display_name        TEXT    NOT NULL,
    password_hash       TEXT    NOT NULL, -- "pbkdf2-sha256$ITERATIONS$SALT$HASH" (base64), see PasswordHasher
    is_admin            INTEGER NOT NULL DEFAULT 0,
    failed_sign_ins     INTEGER NOT NULL DEFAULT 0, -- failed password checks since the last success or lockout
    locked_until        INTEGER NULL,
    created_at          INTEGER NOT NULL,
    password_changed_at INTEGER NOT NULL
);

CREATE UNIQUE INDEX IF NOT EXISTS users_email_idx ON users (email);

-- Refresh tokens, stored as SHA-256 hashes. A refresh replaces a token by a new one of the same family; presenting a
-- replaced token again revokes the whole family (someone else holds a copy).
CREATE TABLE IF NOT EXISTS refresh_tokens
(
    id          TEXT    NOT NULL PRIMARY KEY,
    user_id     TEXT    NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    family_id   TEXT    NOT NULL,
    token_hash  TEXT    NOT NULL,
    created_at  INTEGER NOT NULL,
    expires_at  INTEGER NOT NULL,
    replaced_at INTEGER NULL,
    revoked_at  INTEGER NULL
);

CREATE UNIQUE INDEX IF NOT EXISTS refresh_tokens_hash_idx ON refresh_tokens (token_hash);
CREATE INDEX IF NOT EXISTS refresh_tokens_family_idx ON refresh_tokens (family_id);
CREATE INDEX IF NOT EXISTS refresh_tokens_user_idx ON refresh_tokens (user_id);

CREATE TABLE IF NOT EXISTS teams
(
    id         TEXT    NOT NULL PRIMARY KEY,
    name       TEXT    NOT NULL,
    created_at INTEGER NOT NULL
);

CREATE TABLE IF NOT EXISTS team_members
(
    team_id   TEXT    NOT NULL REFERENCES teams (id) ON DELETE CASCADE,
    user_id   TEXT    NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    role      TEXT    NOT NULL CHECK (role IN ('owner', 'admin', 'member', 'viewer')),
    joined_at INTEGER NOT NULL,
    PRIMARY KEY (team_id, user_id)
);

CREATE INDEX IF NOT EXISTS team_members_user_idx ON team_members (user_id);

-- Invitations by email; the token (given once to the inviter) is stored as a SHA-256 hash.
CREATE TABLE IF NOT EXISTS team_invitations
(
    id          TEXT    NOT NULL PRIMARY KEY,
    team_id     TEXT    NOT NULL REFERENCES teams (id) ON DELETE CASCADE,
    email       TEXT    NOT NULL,
    role        TEXT    NOT NULL CHECK (role IN ('owner', 'admin', 'member', 'viewer')),
    token_hash  TEXT    NOT NULL,
    invited_by  TEXT    NULL REFERENCES users (id) ON DELETE SET NULL,
    created_at  INTEGER NOT NULL,
    expires_at  INTEGER NOT NULL,
    accepted_at INTEGER NULL,
    accepted_by TEXT    NULL,
    revoked_at  INTEGER NULL
);

CREATE UNIQUE INDEX IF NOT EXISTS team_invitations_hash_idx ON team_invitations (token_hash);
CREATE INDEX IF NOT EXISTS team_invitations_team_idx ON team_invitations (team_id);

-- Security-relevant actions. No foreign keys: entries outlive the users, teams and workspaces they name.
CREATE TABLE IF NOT EXISTS audit_log
(
    id           TEXT    NOT NULL PRIMARY KEY,
    occurred_at  INTEGER NOT NULL,
    action       TEXT    NOT NULL, -- e.g. "auth.login", "team.member.role_changed", "workspace.start" (AuditActions)
    actor_id     TEXT    NULL,     -- the user who acted; NULL when nobody signed in (a failed login)
    team_id      TEXT    NULL,
    workspace_id TEXT    NULL,
    subject      TEXT    NULL,     -- what the action was about: an email, a user id, a role change
    ip           TEXT    NULL
);

CREATE INDEX IF NOT EXISTS audit_log_team_idx ON audit_log (team_id, id);

INSERT INTO vibe_app_schema_version (script_number, description)
VALUES (5, 'accounts, teams and the audit log')
ON CONFLICT (script_number) DO NOTHING;


-- Script 6 (postgres.sql script 6): the workspace index, one row per workspace; see postgres.sql for what it holds.

CREATE TABLE IF NOT EXISTS workspaces
(
    id                 TEXT    NOT NULL PRIMARY KEY,
    name               TEXT    NOT NULL,
    owner_id           TEXT    NOT NULL,
    team_id            TEXT    NULL,
    template           TEXT    NOT NULL,
    network            TEXT    NOT NULL,
    nano_cpus          INTEGER NOT NULL,
    memory_limit_bytes INTEGER NOT NULL,
    pids_limit         INTEGER NOT NULL,
    status             TEXT    NOT NULL,
    status_changed_at  INTEGER NOT NULL,
    error              TEXT    NULL,
    created_at         INTEGER NOT NULL,
    last_activity_at   INTEGER NULL,
    cpu_percent        REAL    NULL,
    memory_used_bytes  INTEGER NULL,
    sampled_at         INTEGER NULL,
    deleted            INTEGER NOT NULL DEFAULT 0
);

CREATE INDEX IF NOT EXISTS workspaces_owner_idx ON workspaces (owner_id, created_at) WHERE team_id IS NULL AND NOT deleted;
CREATE INDEX IF NOT EXISTS workspaces_team_idx ON workspaces (team_id, created_at) WHERE team_id IS NOT NULL AND NOT deleted;
CREATE INDEX IF NOT EXISTS workspaces_active_idx ON workspaces (status)
    WHERE status IN ('Creating', 'Starting', 'Running', 'Stopping') AND NOT deleted;

INSERT INTO vibe_app_schema_version (script_number, description)
VALUES (6, 'the workspace index')
ON CONFLICT (script_number) DO NOTHING;


-- Script 7 (postgres.sql script 7): the AI agent's provider settings (a team's override, its key as Data Protection
-- ciphertext) and the Data Protection key ring; see postgres.sql.

CREATE TABLE IF NOT EXISTS team_agent_providers
(
    team_id           TEXT    NOT NULL PRIMARY KEY REFERENCES teams (id) ON DELETE CASCADE,
    kind              TEXT    NOT NULL,
    endpoint          TEXT    NULL,
    model             TEXT    NOT NULL,
    max_output_tokens INTEGER NOT NULL,
    api_key_protected TEXT    NULL,
    updated_by        TEXT    NOT NULL,
    updated_at        INTEGER NOT NULL
);

CREATE TABLE IF NOT EXISTS data_protection_keys
(
    name       TEXT    NOT NULL PRIMARY KEY,
    xml        TEXT    NOT NULL,
    created_at INTEGER NOT NULL
);

INSERT INTO vibe_app_schema_version (script_number, description)
VALUES (7, 'the AI agent''s provider settings')
ON CONFLICT (script_number) DO NOTHING;


-- Script 8 (postgres.sql script 8): account administration and sign-up: disabled accounts, password reset links, open
-- sign-ups waiting for their email link, invitations by invitee; see postgres.sql. users.failed_sign_ins and locked_until
-- are unused since (sign-ins are throttled in memory).

CREATE TABLE IF NOT EXISTS disabled_users
(
    user_id     TEXT    NOT NULL PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    disabled_by TEXT    NULL,
    disabled_at INTEGER NOT NULL
);

CREATE TABLE IF NOT EXISTS password_resets
(
    id         TEXT    NOT NULL PRIMARY KEY,
    user_id    TEXT    NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    token_hash TEXT    NOT NULL,
    created_by TEXT    NULL,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    used_at    INTEGER NULL
);

CREATE UNIQUE INDEX IF NOT EXISTS password_resets_hash_idx ON password_resets (token_hash);
CREATE INDEX IF NOT EXISTS password_resets_user_idx ON password_resets (user_id);

CREATE TABLE IF NOT EXISTS pending_sign_ups
(
    token_hash    TEXT    NOT NULL PRIMARY KEY,
    email         TEXT    NOT NULL,
    display_name  TEXT    NOT NULL,
    password_hash TEXT    NOT NULL,
    created_at    INTEGER NOT NULL,
    expires_at    INTEGER NOT NULL
);

CREATE INDEX IF NOT EXISTS pending_sign_ups_email_idx ON pending_sign_ups (email);
CREATE INDEX IF NOT EXISTS team_invitations_email_idx ON team_invitations (email);

INSERT INTO vibe_app_schema_version (script_number, description)
VALUES (8, 'account administration and sign-up')
ON CONFLICT (script_number) DO NOTHING;
