// The SQLite schema as an ordered list of migration steps; `PRAGMA user_version` records how many have been applied.
import type { Database } from 'better-sqlite3';

/**
 * MIGRATIONS[i] takes a database from schema version i to i + 1. Append only: never edit a
 * released step, add a new one (and document it in docs/sqlite-schema.md).
 * Tables are not STRICT so that any sqlite3 shell from 3.7 (WAL) on can read the file.
 */
export const MIGRATIONS: readonly string[] = [
  // 1: runs, uploaded objects, probes, their HTTP attempts, run events.
  `
  CREATE TABLE runs (
    id              TEXT PRIMARY KEY,
    scenario_name   TEXT NOT NULL,
    scenario_text   TEXT NOT NULL,
    scenario_path   TEXT NOT NULL,
    status          TEXT NOT NULL CHECK (status IN ('running', 'completed', 'interrupted', 'failed')),
    started_at_ms   REAL NOT NULL,
    ended_at_ms     REAL,
    harness_version TEXT NOT NULL,
    sdk_version     TEXT NOT NULL,
    node_version    TEXT NOT NULL,
    platform        TEXT NOT NULL,
    host_name       TEXT NOT NULL,
    command_line    TEXT NOT NULL,
    target          TEXT NOT NULL,
    endpoint        TEXT,
    region          TEXT NOT NULL,
    bucket          TEXT NOT NULL,
    prefix          TEXT NOT NULL,
    seed            INTEGER NOT NULL,
    concurrency     INTEGER NOT NULL,
    max_attempts    INTEGER NOT NULL,
    planned_probes  INTEGER NOT NULL,
    note            TEXT
  );

  CREATE TABLE objects (
    run_id               TEXT NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
    key                  TEXT NOT NULL,
    size_bytes           INTEGER NOT NULL,
    upload_started_at_ms REAL NOT NULL,
    upload_ended_at_ms   REAL,
    status               INTEGER,
    error_code           TEXT,
    etag                 TEXT,
    deleted              INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1)),
    PRIMARY KEY (run_id, key)
  );

  CREATE TABLE probes (
    id                  INTEGER PRIMARY KEY,
    run_id              TEXT NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
    object_key          TEXT NOT NULL,
    method              TEXT NOT NULL,
    phase               TEXT NOT NULL,
    offset_ms           REAL NOT NULL,
    planned_at_ms       REAL NOT NULL,
    started_at_ms       REAL NOT NULL,
    latency_ms          REAL NOT NULL,
    status              INTEGER,
    error_code          TEXT,
    error_body          TEXT,
    error_class         TEXT,
    request_id          TEXT,
    extended_request_id TEXT,
    attempts            INTEGER NOT NULL,
    bytes               INTEGER
  );
  CREATE INDEX probes_run_method ON probes (run_id, method);
  CREATE INDEX probes_run_object ON probes (run_id, object_key);

  CREATE TABLE attempts (
    id                  INTEGER PRIMARY KEY,
    probe_id            INTEGER NOT NULL REFERENCES probes (id) ON DELETE CASCADE,
    run_id              TEXT NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
    attempt             INTEGER NOT NULL,
    started_at_ms       REAL NOT NULL,
    ended_at_ms         REAL NOT NULL,
    status              INTEGER,
    error_code          TEXT,
    error_body          TEXT,
    error_class         TEXT,
    request_id          TEXT,
    extended_request_id TEXT,
    response_date       TEXT,
    remote_address      TEXT,
    remote_port         INTEGER,
    local_port          INTEGER,
    socket_reused       INTEGER CHECK (socket_reused IN (0, 1)),
    content_range       TEXT,
    etag                TEXT
  );
  CREATE INDEX attempts_probe ON attempts (probe_id);
  CREATE INDEX attempts_request_id ON attempts (request_id);

  CREATE TABLE run_events (
    id     INTEGER PRIMARY KEY,
    run_id TEXT NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
    at_ms  REAL NOT NULL,
    kind   TEXT NOT NULL,
    detail TEXT
  );
  CREATE INDEX run_events_run ON run_events (run_id, at_ms);
  `,
  // 2: probes numbered per run and linked to the probe they follow up; the embedded endpoint's ground-truth log.
  `
  ALTER TABLE probes ADD COLUMN seq INTEGER;
  ALTER TABLE probes ADD COLUMN trigger TEXT NOT NULL DEFAULT 'plan';
  ALTER TABLE probes ADD COLUMN follows_seq INTEGER;
  CREATE UNIQUE INDEX probes_run_seq ON probes (run_id, seq);

  CREATE TABLE endpoint_log (
    id           INTEGER PRIMARY KEY,
    run_id       TEXT NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
    at_ms        REAL NOT NULL,
    http_method  TEXT NOT NULL,
    operation    TEXT NOT NULL,
    bucket       TEXT,
    object_key   TEXT,
    request_id   TEXT,
    status       INTEGER,
    error_code   TEXT,
    decided_by   TEXT,
    key_existed  INTEGER CHECK (key_existed IN (0, 1)),
    ms_since_put REAL
  );
  CREATE INDEX endpoint_log_request_id ON endpoint_log (request_id);
  CREATE INDEX endpoint_log_run ON endpoint_log (run_id, at_ms);
  `,
  // 3: experiment arms (issue 7): each probe's arm; per-attempt facts the HTTP engines and the socket ledger know (no secret).
  `
  ALTER TABLE probes ADD COLUMN arm TEXT NOT NULL DEFAULT 'default';
  ALTER TABLE attempts ADD COLUMN socket_requests INTEGER;
  ALTER TABLE attempts ADD COLUMN amz_date TEXT;
  ALTER TABLE attempts ADD COLUMN signed_at_ms REAL;
  ALTER TABLE attempts ADD COLUMN credential_kind TEXT;
  ALTER TABLE attempts ADD COLUMN access_key_id_suffix TEXT;
  ALTER TABLE attempts ADD COLUMN resolved_address TEXT;
  ALTER TABLE attempts ADD COLUMN tls_protocol TEXT;
  `,
  // 4: issue 7 continued: the signing credentials' expiry per attempt (every engine); whether a list-prefix probe's listing named its key.
  `
  ALTER TABLE attempts ADD COLUMN credential_expires_at_ms REAL;
  ALTER TABLE probes ADD COLUMN key_listed INTEGER CHECK (key_listed IN (0, 1));
  `,
];

/** Reads `PRAGMA user_version`: the number of migration steps applied to this file. */
export function readSchemaVersion(db: Database): number {
  return db.pragma('user_version', { simple: true }) as number;
}

export interface MigrationResult {
  /** user_version found on open. */
  fromVersion: number;
  /** Steps applied now (0 when the file was current, or newer than this build). */
  applied: number;
}

/**
 * Applies every pending step in one write transaction (IMMEDIATE, so two processes opening
 * a fresh file cannot both migrate it). The transaction always writes `user_version`, which
 * doubles as the up-front writability check. A file newer than this build is left untouched:
 * the caller sees `fromVersion > MIGRATIONS.length` and refuses it.
 */
export function applyMigrations(db: Database): MigrationResult {
  const migrate = db.transaction((): MigrationResult => {
    const fromVersion = readSchemaVersion(db);
    if (fromVersion > MIGRATIONS.length) return { fromVersion, applied: 0 };
    for (let version = fromVersion; version < MIGRATIONS.length; version += 1) {
      db.exec(MIGRATIONS[version]);
    }
    db.pragma(`user_version = ${MIGRATIONS.length}`);
    return { fromVersion, applied: MIGRATIONS.length - fromVersion };
  });
  return migrate.immediate();
}
