// Plain row shapes read back from the results database; types only, so pure layers (summary, report) can import them.

export type RunStatus = 'running' | 'completed' | 'interrupted' | 'failed';

/** One `runs` row in camelCase (scenario_path and platform are left out; query them with SQL if needed). */
export interface RunRow {
  id: string;
  scenarioName: string;
  scenarioText: string;
  status: RunStatus;
  startedAtMs: number;
  endedAtMs: number | null;
  target: string;
  endpoint: string | null;
  region: string;
  bucket: string;
  prefix: string;
  seed: number;
  concurrency: number;
  maxAttempts: number;
  plannedProbes: number;
  harnessVersion: string;
  sdkVersion: string;
  nodeVersion: string;
  hostName: string;
  commandLine: string;
  note: string | null;
}

/** The `probes` columns the summary needs, one per probe. */
export interface ProbeRow {
  method: string;
  phase: string;
  offsetMs: number;
  /** null when no HTTP response arrived. */
  status: number | null;
  errorCode: string | null;
  errorClass: string | null;
  latencyMs: number;
  attempts: number;
  startedAtMs: number;
  plannedAtMs: number;
}
