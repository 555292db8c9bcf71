/**
 * One member's JVM engine processes, kept as Kyuubi's ProcBuilder keeps them: the member's
 * folders under the worker's, its configuration files (credentials readable by the owner only),
 * its processes started in order with their output in the worker's logs folder, waits bounded by
 * the start timeout that fail early when a process they need has died, and a stop in reverse
 * order. An engine supplies its commands, its configuration text and its readiness checks.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { settings } from '../../config';
import { type EngineProcess, startProcess, waitUntil } from '../processes';
import type { EngineContext } from '../types';
import { cdsOptions } from './cds';
import { type Java, type JavaRange, requireJava } from './java';

export interface StartOptions {
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  /** The log file's name in the worker's logs folder: `<name>.log` by default. */
  log?: string;
}

export class JvmMember {
  readonly processes: EngineProcess[] = [];

  private constructor(
    private readonly context: EngineContext,
    private readonly engine: string,
    readonly java: Java,
  ) {}

  /** The member of `engine` on this worker, with a Java in the engine's range. */
  static of(context: EngineContext, engine: string, range: JavaRange): JvmMember {
    return new JvmMember(context, engine, requireJava(engine, range));
  }

  /** A folder of the member's own in the worker's (made, readable by the worker only). */
  folder(...parts: string[]): string {
    const folder = path.resolve(this.context.workDir, ...parts);
    mkdirSync(folder, { recursive: true, mode: 0o700 });
    return folder;
  }

  /** The worker's logs folder, which outlives the query (types.ts). */
  get logs(): string {
    return this.folder('logs');
  }

  /** Where the member's JVMs keep their temporary files (jvmFolderOptions). */
  get tmp(): string {
    return this.folder('tmp');
  }

  /** Writes configuration files into `folder`; those named in `secret` readable by the owner only. */
  writeFiles(folder: string, files: Record<string, string>, secret: string[] = []): void {
    mkdirSync(folder, { recursive: true, mode: 0o700 });
    for (const [name, text] of Object.entries(files))
      writeFileSync(path.join(folder, name), text, { mode: secret.includes(name) ? 0o600 : 0o644 });
  }

  /**
   * Starts one process; errors name it with its log file, which teardown keeps. A JVM started
   * directly (`java.bin`) starts from its class-data archive, named after it (cds.ts).
   */
  start(name: string, command: string, args: string[], options: StartOptions = {}): EngineProcess {
    const log = options.log ?? `${name.replaceAll(' ', '-')}.log`;
    const cds = command === this.java.bin ? this.cdsOptions(name) : [];
    const process = startProcess(`${name} (log: ${log})`, command, [...cds, ...args], {
      env: options.env,
      cwd: options.cwd,
      log: path.join(this.logs, log),
    });
    this.processes.push(process);
    return process;
  }

  /** The class-data options of a JVM named `process` (cds.ts), for JVMs the engine's own scripts start. */
  cdsOptions(process: string): string[] {
    const { enginesDir } = this.context;
    return cdsOptions({
      enginesDir,
      engine: this.engine,
      process,
      logs: this.logs,
      javaMajor: this.java.major,
    });
  }

  /** Polls `check` until it answers, within the start timeout, failing early if a process died. */
  waitFor<T>(what: string, check: () => Promise<T | undefined>, intervalMs?: number): Promise<T> {
    return waitUntil(what, check, this.processes, this.context.startTimeoutMs, intervalMs);
  }

  /** Stops the processes, last started first; in a training run, long enough to write their archives. */
  async stop(graceMs = settings().jvmCds === 'train' ? 60_000 : 3000): Promise<void> {
    for (const process of [...this.processes].reverse()) await process.stop(graceMs);
  }
}
