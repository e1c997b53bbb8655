// Opens a results database: creates it if needed, sets the connection pragmas, migrates, and turns SQLite failures into HarnessErrors.
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { HarnessError } from '../errors.js';
import { MIGRATIONS, applyMigrations } from './migrations.js';

export type Db = import('better-sqlite3').Database;

/** The schema version this build writes (`PRAGMA user_version`). */
export const SCHEMA_VERSION: number = MIGRATIONS.length;

/** Milliseconds a connection waits for another writer's lock before failing with SQLITE_BUSY. */
const BUSY_TIMEOUT_MS = 5000;

/**
 * Opens (creating file and parent directory if missing) and migrates the results database at `path`.
 * Throws HarnessError E_RESULTS when it cannot be opened or written, is not a SQLite file,
 * or has a schema newer than this build knows.
 */
export function openDatabase(path: string): Db {
  createParentDirectory(path);
  let db: Db;
  try {
    db = new Database(path);
  } catch (error) {
    throw describeOpenFailure(path, error);
  }
  try {
    db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    enableWal(db);
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    const { fromVersion } = applyMigrations(db);
    if (fromVersion > SCHEMA_VERSION) {
      throw new HarnessError(
        'E_RESULTS',
        `Results database ${path} has schema version ${fromVersion}, but this s3probe build knows versions up to ${SCHEMA_VERSION}. ` +
          'Upgrade s3probe to read it, or choose a different results file.',
      );
    }
    return db;
  } catch (error) {
    db.close();
    throw error instanceof HarnessError ? error : describeOpenFailure(path, error);
  }
}

/**
 * Switching a new file to WAL needs a moment of exclusive access and, unlike ordinary statements, does not wait through
 * busy_timeout: when two runs open one new file at once, retry for up to the same bound.
 */
function enableWal(db: Db): void {
  const deadlineMs = Date.now() + BUSY_TIMEOUT_MS;
  for (;;) {
    try {
      db.pragma('journal_mode = WAL');
      return;
    } catch (error) {
      const code = (error as { code?: unknown }).code;
      if (typeof code !== 'string' || !code.startsWith('SQLITE_BUSY') || Date.now() > deadlineMs) throw error;
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 10);
    }
  }
}

function createParentDirectory(path: string): void {
  if (path === '' || path === ':memory:') return;
  try {
    mkdirSync(dirname(path), { recursive: true });
  } catch (error) {
    throw describeOpenFailure(path, error);
  }
}

/** Maps fs and SQLite error codes to a reason and a fix the user can act on. */
function describeOpenFailure(path: string, error: unknown): HarnessError {
  const code = (error as { code?: unknown } | null)?.code;
  const detail = error instanceof Error ? error.message : String(error);
  const [reason, fix] = explainCode(typeof code === 'string' ? code : '');
  return new HarnessError('E_RESULTS', `Cannot use results database ${path}: ${reason} (${detail}). ${fix}`, {
    cause: error,
  });
}

function explainCode(code: string): [reason: string, fix: string] {
  if (code === 'ENOTDIR' || code === 'EEXIST') {
    return ['a component of its parent path is a regular file, not a directory', 'Choose a results path inside a directory.'];
  }
  if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS' || code.startsWith('SQLITE_READONLY')) {
    return ['the file or its directory is not writable', 'Choose a writable results path or fix its permissions.'];
  }
  if (code === 'SQLITE_NOTADB') {
    return ['the file exists but is not a SQLite database', 'Point it at a new file or at an existing s3probe results database.'];
  }
  if (code.startsWith('SQLITE_CANTOPEN')) {
    return ['SQLite cannot open or create the file', 'Check that the path is a file (not a directory) and that its directory is writable.'];
  }
  if (code.startsWith('SQLITE_BUSY')) {
    return [`another process held its write lock for more than ${BUSY_TIMEOUT_MS} ms`, 'Retry when the other s3probe process has finished.'];
  }
  if (code.startsWith('SQLITE_CORRUPT')) {
    return ['the database file is corrupt', 'Restore it from a backup or choose a new results file.'];
  }
  return ['unexpected error', 'Choose a different results file, or report this with the message above.'];
}
