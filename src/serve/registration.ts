/**
 * `$METAQ_HOME/serve.json`: how the command line finds a running `metaq serve` for the same home
 * (one process holds a home at a time). It is trusted only while the server answers for that home.
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { processExists } from '../platforms/process-group';

export interface ServeRegistration {
  url: string;
  pid: number;
  home: string;
  dynamoEndpoint: string;
  s3Endpoint: string;
  /** Set when the server was started with --token; the file is then readable by its owner only. */
  token?: string;
  startedAt: string;
}

export function registrationFile(home: string): string {
  return path.join(home, 'serve.json');
}

export function register(registration: ServeRegistration): void {
  writeFileSync(registrationFile(registration.home), `${JSON.stringify(registration, null, 2)}\n`, {
    mode: 0o600,
  });
}

/** Removes the file if it is still this process's. */
export function unregister(home: string): void {
  const current = readRegistration(home);
  if (current?.pid === process.pid) rmSync(registrationFile(home), { force: true });
}

export function readRegistration(home: string): ServeRegistration | undefined {
  try {
    return JSON.parse(readFileSync(registrationFile(home), 'utf8')) as ServeRegistration;
  } catch {
    return undefined;
  }
}

/** The running server for `home`, if there is one: its process lives and it answers for that home. */
export async function findServe(home: string): Promise<ServeRegistration | undefined> {
  const registration = readRegistration(home);
  if (!registration || !processExists(registration.pid)) return undefined;
  try {
    const answer = await fetch(new URL('/health', registration.url), {
      headers: registration.token ? { authorization: `Bearer ${registration.token}` } : {},
      signal: AbortSignal.timeout(2000),
    });
    const health = (await answer.json()) as { home?: string };
    return answer.ok && health.home === registration.home ? registration : undefined;
  } catch {
    return undefined;
  }
}
