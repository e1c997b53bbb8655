// Parses threshold expressions (`head.forbidden-rate < 0.001`) with errors that name the expression and what was expected.
import { HarnessError, type ErrorCode } from '../errors.js';
import { METHODS } from '../probes/probe-record.js';
import { suggestKey } from '../scenario/suggest.js';
import { ANY_METHOD, METRICS, findMetric, type MetricKind } from './metrics.js';

export const OPERATORS = ['<', '<=', '>', '>=', '==', '!='] as const;
export type Operator = (typeof OPERATORS)[number];

export interface Threshold {
  /** The expression as written (trimmed). */
  text: string;
  /** head, ranged-get, get, or any. */
  method: string;
  /** Canonical metric name. */
  metric: string;
  kind: MetricKind;
  operator: Operator;
  /** The limit; a percentage (`0.1%`) is stored as a fraction (0.001). */
  value: number;
}

/** Where expressions come from, so a message can say where to fix them. */
export interface ThresholdOrigin {
  /** E_USAGE for `--threshold`, E_SCENARIO for the scenario key; both exit 2. */
  code: Extract<ErrorCode, 'E_USAGE' | 'E_SCENARIO'>;
  /** "--threshold" or "scenarios/nightly.yaml: thresholds[1]". */
  where: string;
}

const METHOD_NAMES: readonly string[] = [...METHODS, ANY_METHOD];
const SHAPE = /^([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]+)\s*(<=|>=|==|!=|<|>|=)\s*(\S+)$/;
const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?(%)?$/;
const EXAMPLE = 'e.g. "head.forbidden-rate < 0.001" or "any.network-errors == 0"';

/** Parses one expression. Throws HarnessError (origin.code, exit 2) naming `origin.where`, the expression and what was expected. */
export function parseThreshold(text: string, origin: ThresholdOrigin): Threshold {
  const trimmed = text.trim();
  const fail = (problem: string): never => {
    throw new HarnessError(origin.code, `${origin.where}: threshold "${trimmed}": ${problem}`);
  };
  const shape = SHAPE.exec(trimmed);
  if (shape === null) {
    fail(`expected <method>.<metric> <operator> <number>, ${EXAMPLE}; operators: ${OPERATORS.join(' ')}.`);
  }
  const [, rawMethod, rawMetric, rawOperator, rawValue] = shape as RegExpExecArray;
  const method = rawMethod.toLowerCase() === 'all' ? ANY_METHOD : rawMethod.toLowerCase();
  if (!METHOD_NAMES.includes(method)) {
    fail(`unknown method "${rawMethod}"${hint(method, METHOD_NAMES)}; expected one of ${METHOD_NAMES.join(', ')}.`);
  }
  const metric = findMetric(rawMetric.toLowerCase());
  if (metric === undefined) {
    fail(`unknown metric "${rawMetric}"${hint(rawMetric.toLowerCase(), METRICS.map((m) => m.name))}; expected one of ${METRICS.map((m) => m.name).join(', ')}.`);
  }
  if (rawOperator === '=') fail('"=" is not an operator; write "==" to compare for equality.');
  const number = NUMBER.exec(rawValue);
  if (number === null) fail(`"${rawValue}" is not a number; expected a limit such as 0, 0.001 or 0.1%.`);
  const percent = (number as RegExpExecArray)[4] === '%';
  const definition = metric as NonNullable<typeof metric>;
  if (percent && definition.kind !== 'rate') fail(`"%" only applies to rates; ${definition.name} is a ${definition.kind === 'ms' ? 'duration in ms' : 'count'}.`);
  const value = Number(rawValue.replace(/%$/, '')) / (percent ? 100 : 1);
  if (definition.kind === 'rate' && (value < 0 || value > 1)) fail(`a rate lies between 0 and 1 (or 0% and 100%); got ${rawValue}.`);
  return { text: trimmed, method, metric: definition.name, kind: definition.kind, operator: rawOperator as Operator, value };
}

/** Parses a list (scenario `thresholds:` or repeated `--threshold`); `where(i)` names entry i in messages. */
export function parseThresholds(texts: readonly string[], code: ThresholdOrigin['code'], where: (index: number) => string): Threshold[] {
  return texts.map((text, index) => parseThreshold(text, { code, where: where(index) }));
}

function hint(unknown: string, known: readonly string[]): string {
  const suggestion = suggestKey(unknown, known);
  return suggestion === undefined ? '' : ` — did you mean "${suggestion}"?`;
}
