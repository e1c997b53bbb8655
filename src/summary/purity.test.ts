// Enforces that summary stays pure: rows in, plain objects out — no fs, SQLite, network or SDK imports.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const HERE = dirname(fileURLToPath(import.meta.url));
/** Modules outside this folder that are themselves pure (record and row types). */
const ALLOWED_OUTSIDE = ['../probes/probe-record.js', '../recorder/rows.js'];

function importsOf(source: string): string[] {
  const specifiers = [...source.matchAll(/(?:^|\n)\s*(?:import|export)\b[^'"]*?from\s*['"]([^'"]+)['"]/g)].map((m) => m[1]);
  const dynamic = [...source.matchAll(/\bimport\(\s*['"]([^'"]+)['"]\s*\)/g)].map((m) => m[1]);
  const sideEffect = [...source.matchAll(/(?:^|\n)\s*import\s*['"]([^'"]+)['"]/g)].map((m) => m[1]);
  return [...specifiers, ...dynamic, ...sideEffect];
}

describe('src/summary purity', () => {
  const modules = readdirSync(HERE).filter((name) => name.endsWith('.ts') && !name.endsWith('.test.ts'));

  it('finds the modules it checks', () => {
    expect(modules).toContain('summarise.ts');
  });

  it.each(modules)('%s imports only sibling modules and pure record types', (name) => {
    const source = readFileSync(join(HERE, name), 'utf8');
    expect(source).not.toMatch(/\brequire\s*\(/);
    for (const specifier of importsOf(source)) {
      expect(specifier.startsWith('./') || ALLOWED_OUTSIDE.includes(specifier), `${name} imports ${specifier}`).toBe(true);
    }
  });

  it('the allowed outside modules import nothing at runtime', () => {
    for (const specifier of ALLOWED_OUTSIDE) {
      const source = readFileSync(join(HERE, specifier.replace(/\.js$/, '.ts')), 'utf8');
      expect(importsOf(source).filter((s) => !s.startsWith('./') && !s.startsWith('../')), specifier).toEqual([]);
      expect(source, specifier).not.toMatch(/from\s*['"](node:|better-sqlite3|@aws-sdk)/);
    }
  });
});
