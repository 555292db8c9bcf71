/**
 * The worker: one process (locally), one Lambda invocation or one ECS task (on AWS). The same
 * code everywhere: it reads who it is from the environment (or the invocation event) and runs the
 * agent until its session no longer needs it.
 */
import '../src/session/worker-title';
import { mkdirSync } from 'node:fs';
import { requiredSetting, settings } from '../src/config';
import { workerAddress } from '../src/platforms/ecs-address';
import { withTaskCredentials } from '../src/platforms/ecs-credentials';
import { endOwnGroup } from '../src/platforms/process-group';
import { removeWorkerFolder, workerFolder } from '../src/platforms/worker-folder';
import { runAgent } from '../src/session/agent';
import { agentNetwork } from '../src/session/agent-overlay';
import { parseChaos } from '../src/session/chaos';
import { s3AccessFromEnv } from '../src/session/s3-access';

export interface WorkerEvent {
  sessionId: string;
  index: number;
  deadline: number;
  /** The overlay's reflector, `address:port`, for a distributed engine on Lambda (src/platforms/lambda.ts). */
  reflector?: string;
}

/** Lambda's entry: a sandbox keeps /tmp for its next invocation, so the whole folder goes. */
export const handler = (event: WorkerEvent) => runWorker(event, false);

/** `keepLogs`: a worker process leaves its engine logs for the local platform to keep (worker-folder.ts). */
async function runWorker(event: WorkerEvent, keepLogs: boolean): Promise<{ reason: string }> {
  const config = settings();
  const workDir = workerFolder(event.sessionId, event.index);
  mkdirSync(workDir, { recursive: true, mode: 0o700 });
  const log = (message: string) =>
    process.stderr.write(`${new Date().toISOString()} worker ${event.index}: ${message}\n`);
  try {
    const reason = await runAgent({
      ...event,
      address: await workerAddress(process.env),
      workDir,
      enginesDir: config.enginesDir,
      startTimeoutMs: config.engineStartTimeoutMs,
      s3: await withTaskCredentials(s3AccessFromEnv(process.env)),
      faults: parseChaos(config.chaos).get(event.index) ?? {},
      pollMs: config.pollMs,
      heartbeatMs: config.heartbeatMs,
      maxFailures: 40,
      log,
      // The invocation's reflector over METAQ_REFLECTOR: on Lambda it changes with the reflector's task.
      network: agentNetwork({ ...config, reflector: event.reflector ?? config.reflector }),
    });
    log(`exiting: ${reason}`);
    return { reason };
  } finally {
    removeWorkerFolder(workDir, { keepLogs });
  }
}

/** Run as a process (local platform, ECS): the event comes from the environment. */
if (require.main === module) {
  const sessionId = requiredSetting('METAQ_SESSION_ID', 'the platform sets it when it launches a worker');
  runWorker(
    {
      sessionId,
      index: Number(requiredSetting('METAQ_WORKER_INDEX', 'the platform sets it when it launches a worker')),
      deadline: Number(process.env.METAQ_WORKER_DEADLINE ?? Date.now() + 3600_000),
    },
    true,
  ).then(
    () => {
      endOwnGroup(sessionId);
      process.exit(0);
    },
    (error) => {
      process.stderr.write(`worker failed: ${error instanceof Error ? error.stack : error}\n`);
      endOwnGroup(sessionId);
      process.exit(1);
    },
  );
}
