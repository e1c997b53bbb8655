// Scenario text → plain JavaScript value (YAML 1.2, which JSON also is), with syntax errors located by line and column.
import { parseDocument } from 'yaml';
import { HarnessError } from '../errors.js';

/** Aliases (`*name`) beyond this many are refused, so a small file cannot expand into a huge one. */
const MAX_ALIAS_COUNT = 100;
/** Enough syntax errors to fix in one pass without burying the first one. */
const MAX_SYNTAX_ERRORS = 5;
const START_FROM = 'Fix: start from scenarios/quickstart.yaml';

function fail(message: string, cause?: unknown): never {
  throw new HarnessError('E_SCENARIO', message, { cause });
}

function looksLikeJson(body: string, fileLabel: string): boolean {
  return fileLabel.toLowerCase().endsWith('.json') || body.trimStart().startsWith('{');
}

/** Parses the text; the value may still be anything (validation is the schema's job). Throws E_SCENARIO on unreadable text. */
export function readDocument(text: string, fileLabel: string): unknown {
  if (text.includes('\u0000')) {
    fail(`${fileLabel}: not a text file (it contains NUL bytes); expected a YAML or JSON scenario. ${START_FROM}`);
  }
  const body = text.startsWith('\uFEFF') ? text.slice(1) : text;
  if (body.trim() === '') fail(`${fileLabel}: the file is empty; expected a YAML or JSON scenario. ${START_FROM}`);
  const value = looksLikeJson(body, fileLabel) ? readJson(body, fileLabel) : readYaml(body, fileLabel, 'YAML');
  if (value === null || value === undefined) fail(`${fileLabel}: the file has no content (only comments or a null document); expected a scenario mapping. ${START_FROM}`);
  return value;
}

function readJson(body: string, fileLabel: string): unknown {
  try {
    return JSON.parse(body);
  } catch {
    // Not strict JSON: the YAML parser reads the rest of JSON-like text and reports errors with a line and column.
    return readYaml(body, fileLabel, 'JSON');
  }
}

function readYaml(body: string, fileLabel: string, format: 'YAML' | 'JSON'): unknown {
  const document = parseDocument(body, { uniqueKeys: true, prettyErrors: true });
  if (document.errors.length > 0) {
    const lines = document.errors.slice(0, MAX_SYNTAX_ERRORS).map((error) => {
      const position = error.linePos?.[0];
      const where = position ? `${fileLabel}:${position.line}:${position.col}` : fileLabel;
      const what = error.message.split(' at line ')[0].replace(/\s+/g, ' ');
      const at = `line ${position?.line ?? '?'}, column ${position?.col ?? '?'}`;
      const hint = format === 'YAML' ? ' (indent with spaces; lists look like [a, b])' : '';
      return `${where}: syntax error: ${what}. Fix: correct the ${format} at ${at}${hint}`;
    });
    fail(lines.join('\n'));
  }
  try {
    return document.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (error) {
    fail(`${fileLabel}: could not read the YAML: ${(error as Error).message}. Fix: avoid YAML aliases and custom tags in scenarios`, error);
  }
}
