-- Vibe WebFront: the PostgreSQL schema of the app tables (accounts, teams, the audit log, the workspace index, the AI
-- agent's provider settings, ...). Orleans' tables are in orleans.sql at the repository's root.
--
-- The same tables in SQLite (the embedded default) are in sqlite.sql beside this file, with the same script numbers;
-- keep the two in step. VibeDatabase runs this file (embedded in Vibe.WebFront) at startup through VibeSchema: in one
-- transaction under an advisory lock, and only when a script is not recorded in vibe_app_schema_version yet. Each script
-- is idempotent on its own (databases made before this file existed already have the tables, from orleans.sql's scripts
-- 5, 6, 7 and 9); to change the schema, append the next numbered script here and in sqlite.sql, never edit one that has
-- been applied.
--
-- Ids are text (GUIDs as 36 lowercase characters; audit ids are version 7 GUIDs, so they sort by time), timestamps are
-- bigint milliseconds since the Unix epoch (UTC), emails are stored trimmed and lowercased.

CREATE TABLE IF NOT EXISTS vibe_app_schema_version
(
    script_number integer     NOT NULL PRIMARY KEY,
    description   text        NOT NULL,
    applied_at    timestamptz NOT NULL DEFAULT now()
);

-- Script 5: accounts, teams and the audit log.

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

INSERT INTO vibe_app_schema_version (script_number, description)
VALUES (5, 'accounts, teams and the audit log')
ON CONFLICT (script_number) DO NOTHING;


-- Script 6: the workspace index.
--
-- One row per workspace, so that listing a user's workspaces with status and resource use is one indexed query that
-- calls no grain. The workspace grains are the authority on status and settings; the web front copies them here when
-- it creates a workspace, from every status change on the workspace's status stream (WorkspaceIndexProjection), and
-- from its resource sampler, which records the CPU and memory of running workspaces every few seconds.
-- status_changed_at (when the grain entered the status) orders the writers: an older status never replaces a newer one.
-- Access follows owner_id and team_id: a personal workspace (team_id NULL) is its owner's, a team's workspace its
-- members' by role. Deleted workspaces keep their row (deleted) so that their id is never reused.
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

INSERT INTO vibe_app_schema_version (script_number, description)
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

INSERT INTO vibe_app_schema_version (script_number, description)
VALUES (7, 'the AI agent''s provider settings')
ON CONFLICT (script_number) DO NOTHING;

-- Script 8 (script 9 of orleans.sql before it moved here): account administration and sign-up.
--
-- disabled_users: accounts the installation admin disabled (they cannot sign in; their sessions are revoked).
-- password_resets: reset links the admin makes, stored as SHA-256 hashes; one use each, a new one retires the last.
-- pending_sign_ups: open sign-ups waiting for the link sent to their address (when Vibe sends email), the password
-- already hashed. team_invitations_email_idx serves the invitee's list of pending invitations. Since this script, failed
-- sign-ins are throttled in memory per address (SignInThrottle): users.failed_sign_ins and locked_until are unused.
-- Same tables in sqlite.sql (script 8).
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

INSERT INTO vibe_app_schema_version (script_number, description)
VALUES (8, 'account administration and sign-up')
ON CONFLICT (script_number) DO NOTHING;
