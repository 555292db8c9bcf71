/** Settings of the AWS platforms, read through `requiredSetting` so that a missing one is named. */
import { requiredSetting } from '../config';
import type { EngineName } from '../plan/types';
import { InvalidPlatformSetting } from './errors';

/** The value for one engine of a `{"<engine>": <value>}` setting. */
export function engineSetting(
  variable: string,
  engine: EngineName,
  what: string,
  env = process.env,
): unknown {
  const raw = requiredSetting(variable, `the CDK stack sets it to {"<engine>": <${what}>}`, env);
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw new InvalidPlatformSetting(`${variable} is not JSON (got ${raw}): write {"<engine>": <${what}>}`);
  }
  const value = (parsed as Record<string, unknown> | null)?.[engine];
  if (value === undefined || value === null || value === '') {
    const known = Object.keys(parsed ?? {}).join(', ') || 'none';
    throw new InvalidPlatformSetting(
      `${variable} has no ${what} for engine ${engine} (it has: ${known}): deploy an image for ${engine} or choose another engine`,
    );
  }
  return value;
}

export function perEngine(variable: string, engine: EngineName, what: string, env = process.env): string {
  const value = engineSetting(variable, engine, what, env);
  if (typeof value !== 'string') {
    throw new InvalidPlatformSetting(
      `${variable}.${engine} must be a string (${what}), got ${JSON.stringify(value)}`,
    );
  }
  return value;
}

export function listSetting(variable: string, hint: string, env = process.env): string[] {
  return requiredSetting(variable, hint, env)
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);
}

/** How long a worker may live: its query's limits plus time to start, within what the platform allows. */
export function workerDeadline(
  limits: { timeoutSeconds: number; rendezvousSeconds: number },
  now: number,
  maxSeconds = Number.POSITIVE_INFINITY,
): number {
  return now + Math.min(limits.timeoutSeconds + limits.rendezvousSeconds + 120, maxSeconds) * 1000;
}
