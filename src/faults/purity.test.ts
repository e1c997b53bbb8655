import { readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';

const HERE = dirname(fileURLToPath(import.meta.url));
const PURE_ENTRIES = ['decide.ts'];
const FORBIDDEN = /^(node:)?(fs|fs\/promises|net|http|https|http2|tls|dgram|child_process|timers|timers\/promises)$|^@aws-sdk\/|^@smithy\/|^better-sqlite3$/;

/** Module specifiers of static imports, re-exports, dynamic imports and require calls. */
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
  visit(join(HERE, entry));
  return seen;
}

describe('purity: fault decisions reach no fs, network, timers, SDK or SQLite', () => {
  test.each(PURE_ENTRIES)('%s', (entry) => {
    const offenders = [...collectImports(entry)].flatMap(([path, imports]) =>
      imports.filter((specifier) => FORBIDDEN.test(specifier)).map((specifier) => `${relative(HERE, path)} imports ${specifier}`),
    );
    expect(offenders).toEqual([]);
  });

  test('the check sees a forbidden import where there is one (enact.ts touches sockets)', () => {
    const imports = [...collectImports('enact.ts').values()].flat();
    expect(imports.some((specifier) => FORBIDDEN.test(specifier))).toBe(true);
  });

  test('decide.ts does not read the clock or Math.random: time and randomness come in as data', () => {
    const source = readFileSync(join(HERE, 'decide.ts'), 'utf8');
    expect(source).not.toMatch(/Date\.now|performance\.now|Math\.random|setTimeout/);
  });
});
