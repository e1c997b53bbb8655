// The pure rooms (plan, summary, report renderers, stats, thresholds, sharding, fault decisions, record types) reach no
// fs, network, SDK or SQLite — checked by reading the imports of every module they reach.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const SRC = fileURLToPath(new URL('../src/', import.meta.url));
const FORBIDDEN = /^(node:)?(fs|fs\/promises|net|http|https|http2|tls|dgram|dns|child_process|worker_threads)$|^@aws-sdk\/|^@smithy\/|^better-sqlite3$|^undici$/;

/** Whole folders that must stay pure, and single pure modules in mixed folders. */
const PURE_FOLDERS = ['summary', 'report', 'stats', 'thresholds', 'sharding'];
const PURE_MODULES = ['scenario/plan.ts', 'scenario/parse.ts', 'scenario/estimate.ts', 'scenario/describe.ts', 'faults/decide.ts', 'faults/describe.ts', 'probes/probe-record.ts',
  's3/scrub-error-body.ts', 's3/response-facts.ts'];

/** Module specifiers of static imports (type-only ones too), re-exports, dynamic imports and require calls. */
function readImports(source: string): string[] {
  const pattern = /(?:\bfrom\s*|\bimport\s*\(\s*|\brequire\s*\(\s*|^\s*import\s+)['"]([^'"]+)['"]/gm;
  return [...source.matchAll(pattern)].map((match) => match[1]);
}

/** Every module `entry` reaches through relative imports (itself included), with the specifiers each one imports. */
function collectImports(entry: string): Map<string, string[]> {
  const seen = new Map<string, string[]>();
  const visit = (path: string) => {
    if (seen.has(path)) return;
    const imports = readImports(readFileSync(path, 'utf8'));
    seen.set(path, imports);
    for (const specifier of imports) if (specifier.startsWith('.')) visit(join(dirname(path), specifier.replace(/\.js$/, '.ts')));
  };
  visit(entry);
  return seen;
}

function offendersOf(entry: string): string[] {
  return [...collectImports(entry)].flatMap(([path, imports]) =>
    imports.filter((specifier) => FORBIDDEN.test(specifier)).map((specifier) => `${relative(SRC, path)} imports ${specifier}`),
  );
}

const entries = [
  ...PURE_FOLDERS.flatMap((folder) =>
    readdirSync(join(SRC, folder)).filter((name) => name.endsWith('.ts') && !name.endsWith('.test.ts')).map((name) => `${folder}/${name}`),
  ),
  ...PURE_MODULES,
];

describe('purity of the pure rooms', () => {
  it('finds the modules it checks', () => {
    expect(entries).toEqual(expect.arrayContaining(['summary/summarise.ts', 'report/summary-table.ts', 'scenario/plan.ts', 'faults/decide.ts']));
  });

  it.each(entries)('%s reaches no fs, network, SDK or SQLite', (entry) => {
    expect(offendersOf(join(SRC, entry))).toEqual([]);
  });

  it('sees a forbidden import where there is one', () => {
    expect(offendersOf(join(SRC, 'scenario/load.ts'))).toContain('scenario/load.ts imports node:fs');
  });
});
