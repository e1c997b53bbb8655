// Reads a scenario file from disk (the only module here that touches fs) and hands its text to parseScenario.
import { readdirSync, readFileSync, statSync, type Stats } from 'node:fs';
import { join } from 'node:path';
import { HarnessError } from '../errors.js';
import { parseScenario } from './parse.js';
import type { Scenario, ScenarioSource } from './scenario.js';

export interface LoadedScenario {
  scenario: Scenario;
  /** The path as given and the text verbatim, for the `runs` table. */
  source: ScenarioSource;
}

/** Scenario files are a few hundred bytes; anything this large is the wrong file. */
const MAX_FILE_BYTES = 1024 * 1024;
const EXAMPLES = 'example scenarios are in scenarios/, e.g. scenarios/quickstart.yaml';

function fail(message: string, cause?: unknown): never {
  throw new HarnessError('E_SCENARIO', message, { cause });
}

function statFile(path: string): Stats {
  try {
    return statSync(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') fail(`${path}: no such file. Fix: check the path; ${EXAMPLES}`, error);
    if (code === 'EACCES' || code === 'EPERM') fail(`${path}: permission denied. Fix: make the file readable, or copy it somewhere you can read`, error);
    fail(`${path}: cannot read it (${code ?? (error as Error).message}). Fix: check the path; ${EXAMPLES}`, error);
  }
}

function listScenarioFiles(directory: string): string[] {
  try {
    return readdirSync(directory).filter((name) => /\.(ya?ml|json)$/i.test(name)).slice(0, 5);
  } catch {
    return [];
  }
}

function readScenarioText(path: string): string {
  const stats = statFile(path);
  if (stats.isDirectory()) {
    const candidates = listScenarioFiles(path).map((name) => join(path, name));
    const hint = candidates.length > 0 ? `name a file inside it: ${candidates.join(', ')}` : EXAMPLES;
    fail(`${path}: is a directory; expected a scenario file (.yaml, .yml or .json). Fix: ${hint}`);
  }
  if (!stats.isFile()) fail(`${path}: not a regular file; expected a scenario file (.yaml, .yml or .json). Fix: ${EXAMPLES}`);
  if (stats.size > MAX_FILE_BYTES) fail(`${path}: ${stats.size} bytes is too large for a scenario (at most ${MAX_FILE_BYTES}); is this the right file? Fix: ${EXAMPLES}`);
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (error) {
    fail(`${path}: cannot read it (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}). Fix: check the file's permissions`, error);
  }
  if (bytes.includes(0)) fail(`${path}: not a text file (it contains NUL bytes); expected a YAML or JSON scenario. Fix: ${EXAMPLES}`);
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch (error) {
    fail(`${path}: not UTF-8 text; expected a YAML or JSON scenario. Fix: save the file as UTF-8`, error);
  }
}

/** Reads and validates a scenario file. Throws HarnessError E_SCENARIO naming the file and what is wrong. */
export function loadScenario(path: string): LoadedScenario {
  const text = readScenarioText(path);
  return { scenario: parseScenario(text, path), source: { path, text } };
}
