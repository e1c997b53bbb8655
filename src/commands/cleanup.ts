// `s3probe cleanup --run ID`: deletes the objects a run recorded as created and not yet deleted, under its own prefix, and marks them deleted.
import { existsSync } from 'node:fs';
import { EXIT, HarnessError } from '../errors.js';
import { openDatabase } from '../recorder/database.js';
import { readUndeletedKeys, resolveRun, type RunRow } from '../recorder/queries.js';
import { recordRunEvent } from '../recorder/runs.js';
import { RecordWriter } from '../recorder/writer.js';
import { deleteKeys, partitionRunKeys } from '../s3/cleanup.js';
import { createS3Client } from '../s3/client.js';
import { parseScenario } from '../scenario/parse.js';
import type { CommandIo } from './io.js';

export interface CleanupArgs {
  dbPath: string;
  /** A run id or unique prefix ('latest' is refused: deleting needs a deliberate choice). */
  run: string;
  /** Given: must equal the run's recorded endpoint (or be the run's endpoint when it recorded none). */
  endpoint?: string;
  /** Given: must equal the run's bucket. */
  bucket?: string;
  profile?: string;
}

export async function cleanupCommand(args: CleanupArgs, io: CommandIo): Promise<number> {
  if (args.run === 'latest') throw new HarnessError('E_USAGE', '--run: name the run to clean up by its id (not "latest"); `s3probe summary --db FILE` shows ids.');
  if (!existsSync(args.dbPath)) throw new HarnessError('E_USAGE', `--db: no database at "${args.dbPath}". Pass the results file the run wrote.`);
  const db = openDatabase(args.dbPath);
  try {
    const run = resolveRun(db, args.run);
    checkSameTarget(run, args);
    const { ours, foreign } = partitionRunKeys(readUndeletedKeys(db, run.id), run.prefix, run.id);
    if (foreign.length > 0) io.err(`cleanup: skipping ${foreign.length} recorded keys outside the run's prefix ${run.prefix} (first: ${foreign[0]}).\n`);
    if (run.target === 'local') {
      io.err(`run ${run.id} used the embedded endpoint: its objects ended with that process; nothing to delete.\n`);
      return EXIT.ok;
    }
    if (ours.length === 0) {
      io.err(`run ${run.id}: no objects left to delete.\n`);
      return EXIT.ok;
    }
    const client = createS3Client({
      region: run.region, endpoint: run.endpoint ?? undefined, pathStyle: recordedPathStyle(run), profile: args.profile,
      maxAttempts: 3, requestTimeoutMs: 30_000, requestChecksumCalculation: 'WHEN_SUPPORTED', concurrency: 1,
    });
    try {
      const result = await deleteKeys(client.s3, run.bucket, ours);
      const writer = new RecordWriter(db);
      writer.markObjectsDeleted(run.id, result.deleted);
      writer.close();
      recordRunEvent(db, run.id, Date.now(), 'cleanup', { deleted: result.deleted.length, failed: result.failed.length, by: 'cleanup command' });
      io.err(`run ${run.id}: deleted ${result.deleted.length} of ${ours.length} objects under ${run.prefix} in bucket ${run.bucket}.\n`);
      if (result.failed.length > 0) {
        throw new HarnessError('E_ENDPOINT', `cleanup: ${result.failed.length} objects could not be deleted (first: ${result.failed[0].key}: ${result.failed[0].code}). Run the command again once the endpoint answers.`);
      }
      return EXIT.ok;
    } finally {
      client.destroy();
    }
  } finally {
    db.close();
  }
}

/** Refuses flags that name another endpoint or bucket than the run used: deleting there would touch objects that are not ours. */
function checkSameTarget(run: RunRow, args: CleanupArgs): void {
  if (args.endpoint !== undefined && args.endpoint !== (run.endpoint ?? '')) {
    throw new HarnessError('E_USAGE', `--endpoint ${args.endpoint}: run ${run.id} used ${run.endpoint ?? "AWS's default endpoint"}. Cleanup only deletes where the run wrote; drop the flag or name the run's endpoint.`);
  }
  if (args.bucket !== undefined && args.bucket !== run.bucket) {
    throw new HarnessError('E_USAGE', `--bucket ${args.bucket}: run ${run.id} wrote to bucket ${run.bucket}. Cleanup only deletes where the run wrote; drop the flag or name the run's bucket.`);
  }
}

/** The addressing style the run used, from its stored scenario text (default: path style with a custom endpoint). */
function recordedPathStyle(run: RunRow): boolean {
  try {
    return parseScenario(run.scenarioText, `run ${run.id} scenario`).pathStyle;
  } catch {
    return run.endpoint !== null;
  }
}
