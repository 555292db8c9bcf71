/**
 * When a schedule runs next. EventBridge Scheduler's expressions, computed with croner: its
 * seven-part mode has the year field and its Quartz weekdays (1 = Sunday) are EventBridge's.
 */
import { Cron } from 'croner';
import { InvalidSchedule, type Schedule } from '../schedules/config';

const units: Record<string, number> = { minute: 60_000, hour: 3_600_000, day: 86_400_000 };
// The largest value of each EventBridge cron field: `a/b` there means `a-max/b` to croner.
const fieldMax = [59, 23, 31, 12, 7, 2199];

export type Timing = Pick<Schedule, 'name' | 'expression' | 'timezone'>;

/** The interval of a `rate(...)` expression in ms, or undefined for a cron expression. */
export function rateMs(expression: string): number | undefined {
  const match = /^rate\(\s*(\d+)\s+(minute|hour|day)s?\s*\)$/.exec(expression.trim());
  return match ? Number(match[1]) * units[match[2]] : undefined;
}

export function cronOf(schedule: Timing): Cron {
  const inner = /^cron\((.+)\)$/.exec(schedule.expression.trim())?.[1];
  if (!inner) throw new InvalidSchedule(`${schedule.name}: ${schedule.expression} is not a cron expression`);
  const fields = inner
    .trim()
    .split(/\s+/)
    .map((field, index) => field.replace(/(^|,)(\d+)\/(\d+)/g, `$1$2-${fieldMax[index]}/$3`));
  try {
    return new Cron(`0 ${fields.join(' ')}`, {
      paused: true,
      timezone: schedule.timezone,
      mode: '7-part',
      alternativeWeekdays: true,
    });
  } catch (error) {
    throw new InvalidSchedule(`${schedule.name}: ${schedule.expression}: ${(error as Error).message}`, {
      cause: error,
    });
  }
}

/**
 * The next `count` run times after `after`. A rate counts from `anchor` (when the scheduler
 * started), as EventBridge counts a rate from when the schedule was created.
 */
export function nextRuns(schedule: Timing, after: Date, anchor: Date, count = 1): Date[] {
  const interval = rateMs(schedule.expression);
  if (interval !== undefined) {
    const passed = Math.max(0, Math.floor((after.getTime() - anchor.getTime()) / interval) + 1);
    return Array.from({ length: count }, (_, k) => new Date(anchor.getTime() + (passed + k) * interval));
  }
  return cronOf(schedule).nextRuns(count, after);
}
