// Enforces that stats stays pure: aggregated rows in, plain objects out — no fs, SQLite, network or SDK, here or in what it imports.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const HERE = dirname(fileURLToPath(import.meta.url));
const FORBIDDEN = /^(node:)?(fs|fs\/promises|net|http|https|http2|tls|dgram|child_process)$|^@aws-sdk\/|^@smithy\/|^better-sqlite3$/;

function readImports(source: string): string[] {
  const pattern = /(?:\bfrom\s*|\bimport\s*\(\s*|\brequire\s*\(\s*|^\s*import\s+)['"]([^'"]+)['"]/gm;
  return [...source.matchAll(pattern)].map((match) => match[1]);
}

/** Every module reachable from `entry` through relative imports, with its import specifiers. */
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

const MODULES = readdirSync(HERE).filter((name) => name.endsWith('.ts') && !name.endsWith('.test.ts'));

describe('src/stats purity', () => {
  it('finds the modules it checks', () => {
    expect(MODULES).toEqual(expect.arrayContaining(['fisher.ts', 'build-report.ts', 'rates.ts']));
  });

  it.each(MODULES)('%s reaches no fs, network, SDK or SQLite', (name) => {
    for (const [path, imports] of collectImports(join(HERE, name))) {
      for (const specifier of imports) expect(specifier, `${relative(HERE, path)} imports ${specifier}`).not.toMatch(FORBIDDEN);
    }
  });
});

describe('src/thresholds and src/sharding purity', () => {
  const roots = ['../thresholds', '../sharding'].map((folder) => join(HERE, folder));
  const modules = roots.flatMap((root) => readdirSync(root).filter((name) => name.endsWith('.ts') && !name.endsWith('.test.ts')).map((name) => join(root, name)));

  it.each(modules.map((path) => relative(HERE, path)))('%s reaches no fs, network, SDK or SQLite', (name) => {
    for (const [path, imports] of collectImports(join(HERE, name))) {
      for (const specifier of imports) expect(specifier, `${relative(HERE, path)} imports ${specifier}`).not.toMatch(FORBIDDEN);
    }
  });
});
