/**
 * `metaq serve` put together: the local runtime kept up, the executions, the scheduler and the
 * HTTP server; registered in the home so that the command line finds it.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { settings } from '../config';
import { newQueryId } from '../local/run-query';
import { type LocalRuntime, startRuntime } from '../local/runtime';
import { loadSchedules } from '../schedules/config';
import { hostPolicy } from './access';
import { ensureLocalBucket } from './buckets';
import { type Clock, realClock } from './clock';
import { Executions } from './executions';
import { nextRuns } from './expressions';
import { createHttpServer } from './http';
import { findServe, register, type ServeRegistration, unregister } from './registration';
import { Scheduler, type StartRun } from './scheduler';
import { sfnOperations } from './sfn-api';

export class ServeAlreadyRunning extends Error {
  override name = 'ServeAlreadyRunning' as const;
}

export interface ServeOptions {
  port?: number;
  host?: string;
  token?: string;
  /** Folder of `*.json` schedules (the format of src/schedules/config.ts). */
  schedulesFolder: string;
  dynamoPort?: number;
  s3Port?: number;
  /** The scheduler's clock; tests move one by hand. */
  clock?: Clock;
  log?: (line: string) => void;
}

export interface RunningServe {
  url: string;
  warning?: string;
  registration: ServeRegistration;
  runtime: LocalRuntime;
  executions: Executions;
  scheduler: Scheduler;
  close(): Promise<void>;
}

export async function startServe(options: ServeOptions): Promise<RunningServe> {
  const host = options.host ?? '127.0.0.1';
  const log = options.log ?? (() => undefined);
  const { warning } = hostPolicy(host, options.token);
  // Bad schedules stop the start, before anything runs, as a bad stack stops a deployment.
  const schedules = loadSchedules(options.schedulesFolder);
  for (const schedule of schedules) nextRuns(schedule, new Date(), new Date());
  const running = await findServe(settings().home);
  if (running)
    throw new ServeAlreadyRunning(
      `metaq serve already runs for ${running.home} at ${running.url} (pid ${running.pid}): use it, or set METAQ_HOME to another folder`,
    );
  const runtime = await startRuntime({ dynamoPort: options.dynamoPort, s3Port: options.s3Port });
  const executions = new Executions(log);
  const startRun: StartRun = async (_schedule, at, input) => {
    await ensureLocalBucket(String((input.output as { location?: string } | undefined)?.location ?? ''));
    return (await executions.start(newQueryId(at), JSON.stringify(input))).name;
  };
  const scheduler = new Scheduler(schedules, startRun, options.clock ?? realClock, log);
  let server: Server | undefined;
  try {
    const endpoints = { api: '', s3: runtime.s3Endpoint, dynamodb: runtime.dynamoEndpoint };
    server = createHttpServer({
      executions,
      scheduler,
      endpoints,
      schedulesFolder: options.schedulesFolder,
      operations: sfnOperations(executions),
      token: options.token,
      home: runtime.home,
      log,
    });
    const port = await listen(server, options.port ?? 8083, host);
    // The address this machine reaches the server at, whatever it listens on.
    const local = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;
    endpoints.api = `http://${local}:${port}`;
    const registration: ServeRegistration = {
      url: endpoints.api,
      pid: process.pid,
      home: runtime.home,
      dynamoEndpoint: runtime.dynamoEndpoint,
      s3Endpoint: runtime.s3Endpoint,
      token: options.token,
      startedAt: new Date().toISOString(),
    };
    register(registration);
    scheduler.start();
    const running = server;
    return {
      url: endpoints.api,
      warning,
      registration,
      runtime,
      executions,
      scheduler,
      close: async () => {
        await scheduler.stop();
        running.close();
        running.closeAllConnections();
        await executions.close();
        unregister(runtime.home);
        await runtime.stop();
      },
    };
  } catch (error) {
    server?.close();
    await runtime.stop();
    throw error;
  }
}

function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve((server.address() as AddressInfo).port));
  });
}
