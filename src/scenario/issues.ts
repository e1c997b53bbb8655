// Validation issues: key paths as written in the file, "expected …, got …. Fix: …" texts, and zod issues turned into them.
import type { z } from 'zod';
import { FIX_BY_KEY } from './fix-hints.js';
import { formatValue } from './format.js';
import { KNOWN_KEYS } from './schema.js';
import { suggestKey } from './suggest.js';

export type KeyPath = readonly PropertyKey[];

/** One problem with a scenario document; `text` is everything after "<file>: <key path>: ". */
export interface ScenarioIssue {
  path: KeyPath;
  text: string;
}

/** A key as written, quoted when it holds anything but letters, digits, "-" and "_" (so a message stays one line). */
function formatKey(segment: PropertyKey): string {
  const key = String(segment);
  return /^[A-Za-z0-9_-]+$/.test(key) ? key : JSON.stringify(key);
}

/** ['schedule', 'after-upload-ms', 2] → "schedule.after-upload-ms[2]"; [] → "(top level)". */
export function formatKeyPath(path: KeyPath): string {
  if (path.length === 0) return '(top level)';
  return path.map((segment, i) => (typeof segment === 'number' ? `[${segment}]` : i === 0 ? formatKey(segment) : `.${formatKey(segment)}`)).join('');
}

/** A table entry by key, never an inherited one ("constructor" is not a scenario key). */
function lookUp<T>(table: Record<string, T>, key: string): T | undefined {
  return Object.hasOwn(table, key) ? table[key] : undefined;
}

/** The key path without list indexes, as used for hints and known keys: "schedule.after-upload-ms". */
function describeKey(path: KeyPath): string {
  return path.filter((segment) => typeof segment !== 'number').map(String).join('.');
}

/** The value found at `path` in the raw document, or undefined when it is not there. */
export function findValue(document: unknown, path: KeyPath): unknown {
  let value = document;
  for (const segment of path) {
    if (value === null || typeof value !== 'object' || !Object.hasOwn(value, segment)) return undefined;
    value = (value as Record<PropertyKey, unknown>)[segment];
  }
  return value;
}

export function describeFix(path: KeyPath): string {
  return lookUp(FIX_BY_KEY, describeKey(path)) ?? FIX_BY_KEY[''];
}

export function createExpectedIssue(path: KeyPath, expected: string, got: string, fix = describeFix(path)): ScenarioIssue {
  return { path, text: `expected ${expected}, got ${got}. Fix: ${fix}` };
}

export function createUnknownKeyIssue(mappingPath: KeyPath, key: string): ScenarioIssue {
  const known = lookUp(KNOWN_KEYS, describeKey(mappingPath)) ?? [];
  const suggestion = suggestKey(key, known);
  const text = suggestion
    ? `unknown key ${JSON.stringify(key)} — did you mean ${JSON.stringify(suggestion)}?`
    : `unknown key ${JSON.stringify(key)}. Fix: remove it; the keys allowed here are ${known.join(', ')}`;
  return { path: [...mappingPath, key], text };
}

export function convertZodIssues(issues: z.ZodError['issues'], document: unknown): ScenarioIssue[] {
  return issues.flatMap((issue) =>
    issue.code === 'unrecognized_keys'
      ? issue.keys.map((key) => createUnknownKeyIssue(issue.path, key))
      : [createExpectedIssue(issue.path, issue.message, formatValue(findValue(document, issue.path)))],
  );
}

/** Where a key path sits in the file's key order: [top-level key, nested key, list index] ranks; unknown keys go last. */
function rankPath(path: KeyPath): number[] {
  const rankIn = (keys: readonly string[] | undefined, segment: PropertyKey | undefined) => {
    if (segment === undefined || typeof segment === 'number') return -1;
    const index = keys?.indexOf(String(segment)) ?? -1;
    return index === -1 ? Number.MAX_SAFE_INTEGER : index;
  };
  const listIndex = path.findLast((segment): segment is number => typeof segment === 'number') ?? -1;
  return [rankIn(KNOWN_KEYS[''], path[0]), rankIn(lookUp(KNOWN_KEYS, String(path[0])), path[1]), listIndex];
}

function compareRanks(a: number[], b: number[]): number {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i] - b[i];
  return 0;
}

/** One issue per key path (the first: a value that is not even a number need not also hear it is out of range), in file key order. */
export function orderIssues(issues: readonly ScenarioIssue[]): ScenarioIssue[] {
  const seen = new Set<string>();
  const unique = issues.filter((issue) => {
    const key = formatKeyPath(issue.path);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  return unique
    .map((issue, position) => ({ issue, position, rank: rankPath(issue.path) }))
    .sort((a, b) => compareRanks(a.rank, b.rank) || a.position - b.position)
    .map(({ issue }) => issue);
}

/** One line per issue, each naming the file and the key path. */
export function renderIssues(fileLabel: string, issues: readonly ScenarioIssue[]): string {
  return orderIssues(issues).map((issue) => `${fileLabel}: ${formatKeyPath(issue.path)}: ${issue.text}`).join('\n');
}
