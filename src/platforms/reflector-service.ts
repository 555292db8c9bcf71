/**
 * The overlay's reflector as a service on AWS (handlers/reflector.ts, a Fargate task): the reflector
 * of src/overlay/reflector.ts on every address, and its item in the sessions table written again
 * every REFRESH_MS, so that Provision can tell a running reflector from one that is gone.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { startReflector } from '../overlay/reflector';
import { taskPublicIp } from './ecs-public-ip';
import { describeError } from './errors';
import { publishReflector, REFRESH_MS } from './reflector-item';

export interface ReflectorServiceOptions {
  port: number;
  /** Where workers reach it; left out, the Fargate task's public IP (ecs-public-ip.ts). */
  address?: string;
  /** @default REFRESH_MS */
  refreshMs?: number;
  /** Aborted when the task is stopped (ECS sends SIGTERM). */
  signal: AbortSignal;
  log: (message: string) => void;
}

/** Serves until the signal; why it ended. */
export async function serveReflector(options: ReflectorServiceOptions): Promise<string> {
  const { signal, log } = options;
  const reflector = await startReflector({ host: '0.0.0.0', port: options.port });
  try {
    const address = options.address ?? (await taskPublicIp());
    const item = { address, port: reflector.address.port, startedAt: Date.now() };
    log(`reflector listening on port ${item.port}, published as ${address}:${item.port}`);
    let publishing = true;
    while (!signal.aborted) {
      if (publishing) publishing = await publish(item, log);
      await sleep(options.refreshMs ?? REFRESH_MS, undefined, { signal }).catch(() => undefined);
    }
    return `stopped after relaying ${reflector.relays} pair(s)`;
  } finally {
    await reflector.close();
  }
}

/**
 * One write of the item; false once a newer reflector has taken over. The older one keeps serving
 * (pairs relayed through it carry queries still running) until ECS stops it. A failed write is
 * logged and tried again at the next refresh: past STALE_MS Provision reports the reflector gone.
 */
async function publish(
  item: { address: string; port: number; startedAt: number },
  log: (message: string) => void,
): Promise<boolean> {
  try {
    if (await publishReflector({ ...item, refreshedAt: Date.now() })) return true;
    log('a reflector started later has published its address: this one no longer does');
    return false;
  } catch (error) {
    log(`could not publish the address: ${describeError(error)}`);
    return true;
  }
}
