// Streams probe rows for `s3probe export`: every column of `probes`, plus a UTC time and the last attempt's connection facts.
import type { Db } from './database.js';
import { IN_RUN_IDS } from './run-facts.js';

export interface ExportRows {
  /** Column names, in row order. */
  columns: string[];
  /** One array of values per probe, in recording order. The connection is busy until it is exhausted. */
  rows: IterableIterator<unknown[]>;
}

/** Every probe of `runIds` ('all' = every run in the file), streamed: memory stays flat whatever the run size. */
export function iterateExportRows(db: Db, runIds: readonly string[] | 'all'): ExportRows {
  const filter = runIds === 'all' ? '' : `WHERE p.run_id ${IN_RUN_IDS}`;
  const statement = db
    .prepare(
      `SELECT p.*, strftime('%Y-%m-%dT%H:%M:%fZ', p.started_at_ms / 1000.0, 'unixepoch') AS started_at_utc,
         a.remote_address AS last_attempt_remote_address, a.socket_reused AS last_attempt_socket_reused, a.response_date AS last_attempt_response_date
       FROM probes p LEFT JOIN attempts a ON a.probe_id = p.id AND a.attempt = p.attempts
       ${filter} ORDER BY p.id`,
    )
    .raw(true);
  const columns = statement.columns().map((column) => column.name);
  const rows = (runIds === 'all' ? statement.iterate() : statement.iterate(JSON.stringify(runIds))) as IterableIterator<unknown[]>;
  return { columns, rows };
}
