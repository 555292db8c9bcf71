/**
 * Scheduled reports: one `schedules/<name>.json` file per schedule. The same files drive EventBridge
 * Scheduler on AWS (infra/) and the local scheduler, so parsing and validation live here.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { queryInputSchema } from '../plan/input';

/** In an output location, the run's scheduled time (UTC, ISO 8601 to the second). */
export const RUN_TIME = '{date}';
/** What EventBridge Scheduler replaces with the run's scheduled time when it starts the execution. */
export const SCHEDULER_TIME = '<aws.scheduler.scheduled-time>';

export class InvalidSchedule extends Error {
  override name = 'InvalidSchedule' as const;
}

const rate = /^rate\(\s*(\d+)\s+(minute|minutes|hour|hours|day|days)\s*\)$/;
const cron = /^cron\((.+)\)$/;

/** EventBridge's cron has six fields; one of day-of-month and day-of-week must be `?`. */
function expressionProblem(expression: string): string | undefined {
  const r = rate.exec(expression);
  if (r) {
    const [count, unit] = [Number(r[1]), r[2]];
    if (count < 1) return 'a rate must be at least 1';
    if ((count === 1) !== !unit.endsWith('s'))
      return `write rate(1 ${unit.replace(/s$/, '')}) or rate(${count} ${unit.replace(/s?$/, 's')})`;
    return undefined;
  }
  const c = cron.exec(expression);
  if (!c) return 'must be cron(minutes hours day-of-month month day-of-week year) or rate(<n> <unit>)';
  const fields = c[1].trim().split(/\s+/);
  if (fields.length !== 6)
    return `a cron expression has 6 fields (minutes hours day-of-month month day-of-week year), got ${fields.length}`;
  if ((fields[2] === '?') === (fields[4] === '?'))
    return 'exactly one of day-of-month and day-of-week must be ?';
  return undefined;
}

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

export const scheduleSchema = z.strictObject({
  name: z.string().regex(/^[A-Za-z0-9_.-]{1,64}$/, 'must be 1 to 64 letters, digits, _ . or -'),
  description: z.string().max(512).optional(),
  expression: z.string().superRefine((value, ctx) => {
    const problem = expressionProblem(value.trim());
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  }),
  timezone: z.string().default('UTC').refine(isTimeZone, 'must be an IANA time zone such as Europe/Zurich'),
  enabled: z.boolean().default(true),
  /** The execution input; its output location is set from `output`. */
  input: z
    .record(z.string(), z.unknown())
    .refine((input) => !('output' in input), 'put the output in "output", not in "input"'),
  output: z.strictObject({
    format: z.enum(['parquet', 'csv', 'json']).default('parquet'),
    location: z
      .string()
      .regex(/^s3:\/\/[a-z0-9][a-z0-9.-]+[a-z0-9]\/.*\/$/, 'must be an s3:// folder URL ending in /')
      .refine(
        (location) => location.includes(RUN_TIME),
        `must contain ${RUN_TIME}, so that each run writes a folder of its own`,
      ),
  }),
});

export type Schedule = z.infer<typeof scheduleSchema>;

/** Parses one schedule; the input must be one the state machine accepts. */
export function parseSchedule(raw: unknown, source = 'schedule'): Schedule {
  const parsed = scheduleSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new InvalidSchedule(`${source}: ${issue.path.join('.') || 'schedule'}: ${issue.message}`);
  }
  const input = queryInputSchema.safeParse(executionInput(parsed.data, new Date(0)));
  if (!input.success) {
    const issue = input.error.issues[0];
    throw new InvalidSchedule(`${source}: input.${issue.path.join('.')}: ${issue.message}`);
  }
  return parsed.data;
}

/** Every `*.json` in a folder, sorted by name; names must be unique. */
export function loadSchedules(folder: string): Schedule[] {
  let files: string[];
  try {
    files = readdirSync(folder)
      .filter((file) => file.endsWith('.json'))
      .sort();
  } catch {
    return [];
  }
  const schedules = files.map((file) => {
    const source = path.join(folder, file);
    let raw: unknown;
    try {
      raw = JSON.parse(readFileSync(source, 'utf8'));
    } catch (error) {
      throw new InvalidSchedule(`${source}: not JSON (${(error as Error).message})`, { cause: error });
    }
    return parseSchedule(raw, source);
  });
  const seen = new Set<string>();
  for (const schedule of schedules) {
    if (seen.has(schedule.name))
      throw new InvalidSchedule(`two schedules in ${folder} are named ${schedule.name}`);
    seen.add(schedule.name);
  }
  return schedules;
}

/** The run's scheduled time as EventBridge Scheduler writes it: 2025-01-31T06:00:00Z. */
export function runTime(at: Date): string {
  return at.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** The execution input of one run at `at` (the local scheduler's view). */
export function executionInput(schedule: Schedule, at: Date): Record<string, unknown> {
  return withOutput(schedule, schedule.output.location.replaceAll(RUN_TIME, runTime(at)));
}

/** The input EventBridge Scheduler sends: it fills in the scheduled time itself. */
export function schedulerInput(schedule: Schedule): Record<string, unknown> {
  return withOutput(schedule, schedule.output.location.replaceAll(RUN_TIME, SCHEDULER_TIME));
}

function withOutput(schedule: Schedule, location: string): Record<string, unknown> {
  const tags = (schedule.input.tags ?? {}) as Record<string, string>;
  return {
    ...schedule.input,
    output: { format: schedule.output.format, location },
    tags: { ...tags, schedule: schedule.name },
  };
}
