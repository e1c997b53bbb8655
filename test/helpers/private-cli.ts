// Builds the CLI into a private directory beside dist/ and spawns it from there, so other test files rebuilding dist/ cannot change it mid-run.
import { execFileSync, spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { ROOT, type CliResult } from './cli.js';

export interface PrivateCli {
  start(args: string[], env?: Record<string, string>): { child: ReturnType<typeof spawn>; done: Promise<CliResult> };
  run(args: string[], env?: Record<string, string>): Promise<CliResult>;
  remove(): void;
}

/** `name` picks the directory, `.cli-<name>/` in the repository root (one level deep, like dist/, so `../package.json` resolves). */
export function buildPrivateCli(name: string): PrivateCli {
  const outDir = `${ROOT}.cli-${name}`;
  execFileSync('npx', ['tsc', '-p', 'tsconfig.build.json', '--outDir', outDir], { cwd: ROOT, stdio: 'inherit' });
  const start = (args: string[], env: Record<string, string> = {}) => {
    const child = spawn(process.execPath, [`${outDir}/cli.js`, ...args], { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', (chunk) => (stdout += chunk));
    child.stderr!.on('data', (chunk) => (stderr += chunk));
    const done = new Promise<CliResult>((resolve) => child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr })));
    return { child, done };
  };
  return { start, run: (args, env) => start(args, env).done, remove: () => rmSync(outDir, { recursive: true, force: true }) };
}
