/**
 * metaq as a user runs it, in the campaign's own home: `node bin/metaq.js <command>` as a child
 * process (so that it can be killed like any other), its output kept.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { bin } from '../../test/serve/support';

export interface ChaosContext {
  /** The campaign's folder: the working directory of every metaq command (no schedules in it). */
  dir: string;
  /** Its METAQ_HOME: history, local S3, worker logs. */
  home: string;
  /** The environment metaq commands start with (this process's, before it pointed at any runtime). */
  env: NodeJS.ProcessEnv;
  /** How long processes of a query may outlive its end before they count as left. */
  graceMs: number;
  log: (line: string) => void;
}

export interface MetaqProcess {
  child: ChildProcess;
  output(): { stdout: string; stderr: string };
  exited: Promise<number | string>;
  isOver(): boolean;
}

export function startMetaq(
  context: ChaosContext,
  args: string[],
  env: Record<string, string> = {},
): MetaqProcess {
  const child = spawn(process.execPath, [bin, ...args], {
    cwd: context.dir,
    env: { ...context.env, METAQ_HOME: context.home, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk) => {
    stdout += chunk;
  });
  child.stderr?.on('data', (chunk) => {
    stderr += chunk;
  });
  let over = false;
  const exited = new Promise<number | string>((resolve) =>
    child.once('exit', (code, signal) => {
      over = true;
      resolve(code ?? signal ?? 'unknown');
    }),
  );
  return { child, output: () => ({ stdout, stderr }), exited, isOver: () => over };
}

/**
 * metaq started again after its orchestrating process died: any command starts the runtime, which
 * recovers what the dead process left running (src/local/sweep.ts). What it said about it.
 */
export async function restartMetaq(context: ChaosContext): Promise<string> {
  const history = startMetaq(context, ['history', '--json', '--limit', '1']);
  const code = await history.exited;
  const { stderr } = history.output();
  if (code !== 0) throw new Error(`metaq history exited with ${code} after the restart: ${stderr}`);
  return stderr.trim();
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Whether `promise` settled within `ms` (the timer does not outlive it). */
export async function within(promise: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
  });
  try {
    return await Promise.race([promise.then(() => true), late]);
  } finally {
    clearTimeout(timer);
  }
}
