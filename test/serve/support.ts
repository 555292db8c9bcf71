/**
 * `metaq serve` as a user starts it: `node bin/metaq.js serve --port 0` in a fresh folder with its
 * own METAQ_HOME, found through the serve.json it writes.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SFNClient } from '@aws-sdk/client-sfn';
import { readRegistration, type ServeRegistration } from '../../src/serve/registration';

export const bin = path.resolve(__dirname, '../../bin/metaq.js');

export interface ServeProcess {
  cwd: string;
  home: string;
  url: string;
  registration: ServeRegistration;
  output(): string;
  stop(): Promise<number | null>;
}

export async function startServeProcess(
  args: string[] = [],
  cwd = tempDir(),
  env: Record<string, string> = {},
): Promise<ServeProcess> {
  const home = path.join(cwd, '.metaq');
  const child = spawn(process.execPath, [bin, 'serve', '--port', '0', ...args], {
    cwd,
    env: { ...process.env, METAQ_HOME: home, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk) => {
    output += chunk;
  });
  child.stderr?.on('data', (chunk) => {
    output += chunk;
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  await eventually(() => {
    if (/metaq serve: http/.test(output)) return true;
    if (child.exitCode !== null) throw new Error(`metaq serve exited with ${child.exitCode}:\n${output}`);
    return undefined;
  }, 90_000);
  const registration = readRegistration(home);
  if (!registration) throw new Error(`metaq serve wrote no serve.json:\n${output}`);
  return {
    cwd,
    home,
    url: registration.url,
    registration,
    output: () => output,
    stop: () => stop(child, exited),
  };
}

async function stop(child: ChildProcess, exited: Promise<number | null>): Promise<number | null> {
  if (child.exitCode === null) child.kill('SIGINT');
  return exited;
}

export function sfn(serve: ServeProcess, accessKeyId = 'test'): SFNClient {
  return new SFNClient({
    endpoint: serve.url,
    region: 'us-east-1',
    credentials: { accessKeyId, secretAccessKey: 'test' },
  });
}

export { workersOf } from '../support/runtime';

/** Polls until `check` gives a value; a deadline keeps a broken server from hanging the suite. */
export async function eventually<T>(check: () => T | undefined | Promise<T | undefined>, timeoutMs = 60_000) {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > until) throw new Error(`gave up waiting after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

export function tempDir(prefix = 'metaq-serve-'): string {
  return mkdtempSync(path.join(os.tmpdir(), prefix));
}
