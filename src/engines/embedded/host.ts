/**
 * The process that hosts an embedded engine (a Python library: chdb, databend) beside the worker:
 * one per worker, so that an engine that crashes takes only itself, and the worker can say so. It
 * takes requests as JSON lines on stdin and answers on fd 3 (prelude.ts), one at a time.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import { type EngineProcess, startProcess } from '../processes';
import { EmbeddedEngineLost } from './errors';
import { prelude } from './prelude';

export interface HostAnswer {
  ok: boolean;
  refused?: boolean;
  error?: string;
  errorClass?: string;
  [key: string]: unknown;
}

export interface Host {
  process: EngineProcess;
  /** Sends one request and waits for its answer; rejects when the host exits first. */
  request(message: object, timeoutMs?: number): Promise<HostAnswer>;
  stop(): Promise<void>;
}

export function startHost(name: string, python: string, script: string, workDir: string): Host {
  const file = path.join(workDir, `metaq_${name}.py`);
  writeFileSync(file, `${prelude}\n${script}`);
  // The worker's logs folder outlives the query (types.ts); the engine's output is kept there.
  const logs = path.join(workDir, 'logs');
  mkdirSync(logs, { recursive: true, mode: 0o700 });
  const log = path.join(logs, `${name}.log`);
  const engineProcess = startProcess(name, python, ['-u', file], { cwd: workDir, log, pipes: true });
  const { child } = engineProcess;
  // A request written after the host died fails through `lost`, not as an unhandled EPIPE.
  (child.stdin as Writable).on('error', () => undefined);
  const lines = createInterface({ input: child.stdio[3] as Readable });
  const waiting: ((line: string) => void)[] = [];
  lines.on('line', (line) => waiting.shift()?.(line));
  const lost = engineProcess.exited.then(
    (code) =>
      new EmbeddedEngineLost(
        `the ${name} engine's process exited (${code}) while the query needed it: see logs/${name}.log`,
      ),
  );
  return {
    process: engineProcess,
    request: async (message, timeoutMs) => {
      const answered = new Promise<string>((resolve) => waiting.push(resolve));
      (child.stdin as Writable).write(`${JSON.stringify(message)}\n`);
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise<never>((_, reject) => {
        if (timeoutMs)
          timer = setTimeout(
            () =>
              reject(
                new EmbeddedEngineLost(`the ${name} engine did not answer within ${timeoutMs / 1000} s`),
              ),
            timeoutMs,
          );
      });
      try {
        const line = await Promise.race([answered, late, lost.then((error) => Promise.reject(error))]);
        return JSON.parse(line) as HostAnswer;
      } finally {
        clearTimeout(timer);
      }
    },
    stop: async () => {
      // The end of its requests ends the host; a host that does not end is stopped.
      (child.stdin as Writable).end();
      await Promise.race([engineProcess.exited, new Promise((resolve) => setTimeout(resolve, 2000))]);
      await engineProcess.stop();
    },
  };
}
