// `s3probe merge`: combines results databases (e.g. one per shard or region) into one, exactly and idempotently.
import { EXIT } from '../errors.js';
import { mergeDatabases } from '../recorder/merge.js';
import type { CommandIo } from './io.js';

export interface MergeArgs {
  outPath: string;
  inPaths: string[];
}

export function mergeCommand(args: MergeArgs, io: CommandIo): number {
  const result = mergeDatabases(args.outPath, args.inPaths);
  for (const input of result.inputs) {
    const rows = Object.entries(input.rowsAdded).filter(([table]) => table !== 'runs').map(([table, count]) => `${count} ${table}`).join(', ');
    const present = input.runsPresent.length > 0 ? `; ${input.runsPresent.length} already present` : '';
    io.err(`merge: ${input.path}: ${plural(input.runsAdded.length, 'run')} added (${rows})${present}\n`);
    for (const conflict of input.conflicts) io.err(`merge: warning: ${input.path}: ${conflict}\n`);
  }
  const added = result.inputs.reduce((total, input) => total + input.runsAdded.length, 0);
  io.out(`merged ${plural(result.inputs.length, 'database')} into ${result.outPath}: ${plural(added, 'run')} added\n`);
  return EXIT.ok;
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
