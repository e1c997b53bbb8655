// Runs left 'running' by a process that no longer exists: found through their 'process' run event and marked 'interrupted'.
import type { Db } from './database.js';
import { recordRunEvent } from './runs.js';

/** `run_events.kind` of the event a run writes at start: `{ pid, host }` of the process that runs it. */
export const PROCESS_EVENT = 'process';

export interface ProcessDetail {
  pid: number;
  host: string;
}

/** Whether a process with this pid exists on this host (signal 0 checks without sending anything). */
export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to another user.
    return (error as { code?: string }).code === 'EPERM';
  }
}

/**
 * Marks 'interrupted' every 'running' run whose process event names this host and a pid that is not alive, with a
 * note saying so. Runs on other hosts (their pid means nothing here) and runs without a process event are left alone.
 * Returns the ids marked.
 */
export function markDeadRuns(db: Db, host: string, nowMs: number, isAlive: (pid: number) => boolean = isProcessAlive): string[] {
  const candidates = db
    .prepare(
      `SELECT r.id AS id, e.detail AS detail FROM runs r JOIN run_events e ON e.run_id = r.id
       WHERE r.status = 'running' AND e.kind = ? AND json_valid(e.detail)`,
    )
    .all(PROCESS_EVENT) as Array<{ id: string; detail: string }>;
  const marked: string[] = [];
  for (const { id, detail } of candidates) {
    const owner = JSON.parse(detail) as Partial<ProcessDetail>;
    if (owner.host !== host || typeof owner.pid !== 'number' || owner.pid === process.pid || isAlive(owner.pid)) continue;
    const note = `process ${owner.pid} on ${host} ended without finishing the run (killed?); marked interrupted by a later s3probe command`;
    const changed = db.prepare("UPDATE runs SET status = 'interrupted', note = ? WHERE id = ? AND status = 'running'").run(note, id).changes;
    if (changed === 0) continue;
    recordRunEvent(db, id, nowMs, 'marked-dead', { pid: owner.pid, host });
    marked.push(id);
  }
  return marked;
}
