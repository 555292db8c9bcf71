import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';

/**
 * A program run inside a lab namespace, spoken to in JSON lines on stdin and stdout. It is started
 * with `ip netns exec`, which execs node, so `pid` is node's own and the test ends exactly it.
 */
export class LabProcess {
  private readonly child: ChildProcessWithoutNullStreams;
  private readonly lines: Array<Record<string, unknown>> = [];
  private waiters: Array<() => void> = [];
  private stderr = '';
  private exited = false;

  constructor(
    readonly ns: string,
    script: string,
    config: object,
  ) {
    this.child = spawn(
      'ip',
      ['netns', 'exec', ns, process.execPath, '-r', 'tsx/cjs', script, JSON.stringify(config)],
      {
        cwd: `${__dirname}/../..`,
      },
    );
    createInterface({ input: this.child.stdout }).on('line', (line) => {
      this.lines.push(JSON.parse(line));
      this.wake();
    });
    this.child.stderr.on('data', (chunk) => {
      this.stderr += chunk;
    });
    this.child.on('exit', () => {
      this.exited = true;
      this.wake();
    });
  }

  send(message: object): void {
    this.child.stdin.write(`${JSON.stringify(message)}\n`);
  }

  /** The next line whose `event` is `event` (earlier lines of other events stay queued). */
  async next<T = Record<string, unknown>>(event: string, timeoutMs = 30_000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const index = this.lines.findIndex((line) => line.event === event);
      if (index >= 0) return this.lines.splice(index, 1)[0] as T;
      const failed = this.lines.find((line) => line.event === 'failed');
      if (failed) throw new Error(`${this.ns} failed: ${failed.error}`);
      if (this.exited) throw new Error(`${this.ns} exited before "${event}": ${this.stderr.slice(-2000)}`);
      if (Date.now() > deadline) throw new Error(`${this.ns} sent no "${event}" within ${timeoutMs} ms`);
      await new Promise<void>((resolve) => {
        this.waiters.push(resolve);
        setTimeout(resolve, 200);
      });
    }
  }

  async stop(): Promise<void> {
    if (this.exited) return;
    const exit = new Promise((resolve) => this.child.once('exit', resolve));
    this.child.kill('SIGKILL');
    await exit;
  }

  private wake(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const wake of waiters) wake();
  }
}
