/**
 * Where the other members reach a worker. On ECS that is the task's private IP, read from the task
 * metadata endpoint (v4) that ECS puts in ECS_CONTAINER_METADATA_URI_V4; elsewhere loopback.
 */
interface TaskMetadata {
  Containers?: { Networks?: { IPv4Addresses?: string[] }[] }[];
}

import { settings } from '../config';

export class WorkerAddressUnknown extends Error {
  override name = 'WorkerAddressUnknown' as const;
}

export async function workerAddress(env: NodeJS.ProcessEnv = process.env): Promise<string> {
  const configured = settings(env).workerAddress;
  if (configured) return configured;
  const endpoint = env.ECS_CONTAINER_METADATA_URI_V4;
  if (!endpoint) return '127.0.0.1';
  const response = await fetch(`${endpoint}/task`, { signal: AbortSignal.timeout(5000) });
  if (!response.ok) {
    throw new WorkerAddressUnknown(`the task metadata endpoint ${endpoint}/task answered ${response.status}`);
  }
  const task = (await response.json()) as TaskMetadata;
  const address = task.Containers?.flatMap((container) => container.Networks ?? [])
    .flatMap((network) => network.IPv4Addresses ?? [])
    .find(Boolean);
  if (!address) {
    throw new WorkerAddressUnknown(
      `the task metadata at ${endpoint}/task has no IPv4 address: run the task with awsvpc networking`,
    );
  }
  return address;
}
