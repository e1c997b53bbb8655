// Before the first request: is there room on the results file's disk for what the plan will write?
import { statfsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { HarnessError } from './errors.js';

/**
 * Bytes one probe takes in the database with margin: its `probes` row, one `attempts` row, their indexes and (target
 * local) one `endpoint_log` row are each well under 1 KiB; retries, follow-ups and the WAL are covered by the factor.
 */
export const BYTES_PER_PROBE_ESTIMATE = 4096;
/** An object row, its upload's endpoint log entry, and margin. */
export const BYTES_PER_OBJECT_ESTIMATE = 2048;
/** The run row (with the scenario text), events, schema and WAL slack. */
export const BYTES_FIXED_ESTIMATE = 4 * 1024 * 1024;

export interface PlannedRows {
  probes: number;
  objects: number;
}

/** What `fs.statfsSync` returns that this check needs (a seam for tests). */
export type StatFs = (path: string) => { bavail: number | bigint; bsize: number | bigint };

export function estimateResultsBytes(rows: PlannedRows): number {
  return BYTES_FIXED_ESTIMATE + rows.probes * BYTES_PER_PROBE_ESTIMATE + rows.objects * BYTES_PER_OBJECT_ESTIMATE;
}

/** Throws HarnessError E_RESULTS (exit 3) when the free space under `dbPath`'s directory is below the estimate. */
export function checkResultsSpace(dbPath: string, rows: PlannedRows, statfs: StatFs = statfsSync): void {
  if (dbPath === '' || dbPath === ':memory:') return;
  const directory = dirname(resolve(dbPath));
  let freeBytes: number;
  try {
    const stats = statfs(directory);
    freeBytes = Number(stats.bavail) * Number(stats.bsize);
  } catch {
    return; // No statfs here (unusual filesystem): the batched writer still stops the run on the first failed write.
  }
  const neededBytes = estimateResultsBytes(rows);
  if (freeBytes < neededBytes) {
    throw new HarnessError(
      'E_RESULTS',
      `--db ${dbPath}: ${formatMiB(freeBytes)} free in ${directory}, but this run's ${rows.probes} probes and ${rows.objects} objects ` +
        `may need up to ${formatMiB(neededBytes)}. Free some space, choose a results path on another disk, or plan fewer probes (--objects).`,
    );
  }
}

function formatMiB(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toFixed(1)} MiB`;
}
