/**
 * The worker processes of one metaq home, from /proc: every process a worker of that home starts
 * (the worker, its engine's JVMs) inherits `METAQ_HOME` in its environment.
 */
import { readdirSync, readFileSync } from 'node:fs';

function read(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}

/** Processes of `home`'s sessions (workers or what they started); `workersOnly`: the workers themselves. */
export function sessionWorkers(home: string, workersOnly = false): number[] {
  const marker = `METAQ_HOME=${home}`;
  return readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry) && Number(entry) !== process.pid)
    .filter((pid) => !workersOnly || read(`/proc/${pid}/comm`).trim() === 'metaq-worker')
    .filter((pid) => {
      const environment = read(`/proc/${pid}/environ`).split('\0');
      return environment.includes(marker) && environment.some((line) => line.startsWith('METAQ_SESSION_ID='));
    })
    .map(Number);
}

/** The most worker processes of `home` alive at once while it runs, sampled every `everyMs`. */
export class WorkerSampler {
  peak = 0;
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly home: string,
    private readonly everyMs = 200,
  ) {}

  start(): void {
    this.peak = 0;
    this.timer = setInterval(() => {
      this.peak = Math.max(this.peak, sessionWorkers(this.home, true).length);
    }, this.everyMs);
  }

  stop(): number {
    clearInterval(this.timer);
    return this.peak;
  }
}
