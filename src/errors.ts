// Harness failures (not probe failures): each has a stable code and the process exit code it maps to.

export const EXIT = {
  ok: 0,
  /** A run failed unexpectedly (bug or unhandled condition). */
  failed: 1,
  /** Bad usage, bad flag or bad scenario. Nothing was written. */
  usage: 2,
  /** Endpoint, credentials or results file unusable. */
  environment: 3,
  /** The run completed but a threshold failed (scenario `thresholds:` or `--threshold`); see src/thresholds. */
  thresholdsFailed: 99,
  /** Interrupted by SIGINT (128 + 2). */
  interrupted: 130,
  /** Interrupted by SIGTERM (128 + 15). */
  terminated: 143,
} as const;

export type ErrorCode = 'E_USAGE' | 'E_SCENARIO' | 'E_ENDPOINT' | 'E_CREDENTIALS' | 'E_RESULTS' | 'E_INTERNAL';

const EXIT_BY_CODE: Record<ErrorCode, number> = {
  E_USAGE: EXIT.usage,
  E_SCENARIO: EXIT.usage,
  E_ENDPOINT: EXIT.environment,
  E_CREDENTIALS: EXIT.environment,
  E_RESULTS: EXIT.environment,
  E_INTERNAL: EXIT.failed,
};

/** A failure of the harness itself. The message names the file/key/flag, what was expected and how to fix it. */
export class HarnessError extends Error {
  readonly code: ErrorCode;
  readonly exitCode: number;

  constructor(code: ErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'HarnessError';
    this.code = code;
    this.exitCode = EXIT_BY_CODE[code];
  }
}
