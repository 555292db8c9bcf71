/**
 * The local EventBridge Scheduler: each enabled schedule starts one execution at each of its run
 * times, with the run's date in its output location and its name in `tags.schedule`.
 */
import { executionInput, type Schedule } from '../schedules/config';
import { type Clock, realClock } from './clock';
import { nextRuns } from './expressions';

/** Starts one run; gives the execution's name. */
export type StartRun = (schedule: Schedule, at: Date, input: Record<string, unknown>) => Promise<string>;

export interface ScheduledRun {
  name: string;
  at: string;
}

export interface ScheduleStatus {
  schedule: Schedule;
  nextRuns: string[];
  lastRun?: ScheduledRun;
}

export class Scheduler {
  private readonly stopping = new AbortController();
  private readonly lastRuns = new Map<string, ScheduledRun>();
  private readonly loops: Promise<void>[] = [];
  private anchor: Date;

  constructor(
    readonly schedules: Schedule[],
    private readonly startRun: StartRun,
    private readonly clock: Clock = realClock,
    private readonly log: (line: string) => void = () => undefined,
  ) {
    this.anchor = new Date(clock.now());
  }

  start(): void {
    this.anchor = new Date(this.clock.now());
    for (const schedule of this.schedules.filter((one) => one.enabled)) this.loops.push(this.loop(schedule));
  }

  async stop(): Promise<void> {
    this.stopping.abort();
    await Promise.all(this.loops);
  }

  status(count = 3): ScheduleStatus[] {
    const now = new Date(this.clock.now());
    return this.schedules.map((schedule) => ({
      schedule,
      nextRuns: schedule.enabled
        ? nextRuns(schedule, now, this.anchor, count).map((at) => at.toISOString())
        : [],
      lastRun: this.lastRuns.get(schedule.name),
    }));
  }

  private async loop(schedule: Schedule): Promise<void> {
    let after = new Date(this.clock.now());
    while (!this.stopping.signal.aborted) {
      const [at] = nextRuns(schedule, after, this.anchor);
      await this.clock.sleep(at.getTime() - this.clock.now(), this.stopping.signal);
      if (this.stopping.signal.aborted) return;
      after = at;
      try {
        const name = await this.startRun(schedule, at, executionInput(schedule, at));
        this.lastRuns.set(schedule.name, { name, at: at.toISOString() });
        this.log(`schedule ${schedule.name}: started ${name} for ${at.toISOString()}`);
      } catch (error) {
        // One run that cannot start must not end the schedule: the next one may.
        this.log(`schedule ${schedule.name}: the run for ${at.toISOString()} did not start: ${error}`);
      }
    }
  }
}
