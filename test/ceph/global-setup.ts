// Vitest globalSetup for the Ceph suite: builds the CLI, starts a throwaway RGW with scripts/ceph-rgw.sh and stops it afterwards.
import { spawnSync } from 'node:child_process';
import type { TestProject } from 'vitest/node';
import { buildCli, ROOT } from '../helpers/cli.js';
import { CEPH_SCRIPT, readRgwState } from './rgw-state.js';

/** Installing Ceph (first run on a fresh machine) takes about a minute; start-up about 15 s. */
const SCRIPT_BOUND_MS = 15 * 60_000;

function runScript(command: 'up' | 'down' | 'status'): number {
  const result = spawnSync('bash', [CEPH_SCRIPT, command], {
    cwd: ROOT,
    // The daemons `up` starts write to their own log files, so nothing keeps these pipes open.
    stdio: ['ignore', command === 'status' ? 'ignore' : 'inherit', 'inherit'],
    timeout: SCRIPT_BOUND_MS,
  });
  if (result.error) throw new Error(`scripts/ceph-rgw.sh ${command} failed to run: ${result.error.message}`);
  return result.status ?? 1;
}

export default function setup(project: TestProject): () => void {
  buildCli();
  // A gateway the developer started by hand (`scripts/ceph-rgw.sh up`) is reused and left running.
  const startedHere = runScript('status') !== 0;
  if (startedHere) {
    const startedAtMs = Date.now();
    if (runScript('up') !== 0) throw new Error('scripts/ceph-rgw.sh up failed: see its output above (it stopped what it had started)');
    const state = readRgwState();
    process.stderr.write(
      `ceph-rgw: Ceph ${state.cephVersion}: install ${state.installSeconds} s, start-up ${state.startupSeconds} s, up ${((Date.now() - startedAtMs) / 1000).toFixed(1)} s after the call\n`,
    );
  }
  project.provide('cephRgw', readRgwState());
  return () => {
    if (startedHere && runScript('down') !== 0) throw new Error('scripts/ceph-rgw.sh down failed: check `scripts/ceph-rgw.sh status`');
  };
}
