/**
 * The command line as a client of a running `metaq serve` for the same home: the query goes
 * through its Step Functions API (StartExecution, then GetExecutionHistory for progress and
 * DescribeExecution until it ends); records and tables are read through its published endpoints.
 * With no server running, the commands start the embedded runtime as before.
 */
import {
  DescribeExecutionCommand,
  GetExecutionHistoryCommand,
  type HistoryEvent,
  SFNClient,
  StartExecutionCommand,
  StopExecutionCommand,
} from '@aws-sdk/client-sfn';
import { resetClients } from '../aws/clients';
import { settings } from '../config';
import { failedReport, reportOf } from '../history/report';
import { getRecord } from '../history/store';
import type { QueryReport } from '../history/types';
import { newQueryId } from '../local/run-query';
import { type LocalRuntime, localEnvironment } from '../local/runtime';
import { STATE_MACHINE_ARN } from '../local/statemachine';
import { findServe, type ServeRegistration } from '../serve/registration';
import { onInterrupt } from './interrupt';
import { type ProgressEvent, progressEventOf } from './remote-progress';
import { withRuntime } from './runtime';

const POLL_MS = 200;

/** Runs `work` against the running server's endpoints when there is one, else on the embedded runtime. */
export async function withServeOrRuntime<T>(
  work: (serve?: ServeRegistration, runtime?: LocalRuntime) => Promise<T>,
): Promise<T> {
  const serve = await findServe(settings().home);
  if (!serve) return withRuntime((runtime) => work(undefined, runtime));
  const saved = { ...process.env };
  Object.assign(process.env, localEnvironment(serve.dynamoEndpoint, serve.s3Endpoint, serve.home));
  resetClients();
  try {
    return await work(serve);
  } finally {
    for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
    Object.assign(process.env, saved);
    resetClients();
  }
}

export function sfnClient(serve: ServeRegistration): SFNClient {
  return new SFNClient({
    endpoint: serve.url,
    region: 'us-east-1',
    // The server takes its token as the access key id, the way the AWS CLI and SDKs can send it.
    credentials: { accessKeyId: serve.token ?? 'metaq', secretAccessKey: 'metaq' },
  });
}

/** One query through the server; the same report as on the embedded runtime. */
export async function runViaServe(
  serve: ServeRegistration,
  input: unknown,
  onEvent?: (event: ProgressEvent) => void,
): Promise<QueryReport> {
  const client = sfnClient(serve);
  let release = () => {};
  try {
    const queryId = newQueryId();
    const { executionArn } = await client.send(
      new StartExecutionCommand({
        stateMachineArn: STATE_MACHINE_ARN,
        name: queryId,
        input: JSON.stringify(input),
      }),
    );
    release = stopOnInterrupt(client, executionArn as string);
    let seen = 0;
    let current: string | undefined;
    for (;;) {
      const { status, error, cause } = await client.send(new DescribeExecutionCommand({ executionArn }));
      const events = await allEvents(client, executionArn as string);
      for (const event of events.slice(seen)) {
        const progress = progressEventOf(event, current);
        current = progress?.current ?? current;
        if (progress?.event) onEvent?.(progress.event);
      }
      seen = events.length;
      if (status !== 'RUNNING') return await reportFor(queryId, error, cause);
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
  } finally {
    release();
    client.destroy();
  }
}

/** Ctrl-C stops the execution on the server (which tears it down), as it tears down a local one. */
function stopOnInterrupt(client: SFNClient, executionArn: string): () => void {
  return onInterrupt(`stopping ${executionArn}`, (signal) =>
    client.send(
      new StopExecutionCommand({ executionArn, error: 'Interrupted', cause: `stopped by ${signal}` }),
    ),
  );
}

async function allEvents(client: SFNClient, executionArn: string): Promise<HistoryEvent[]> {
  const events: HistoryEvent[] = [];
  let nextToken: string | undefined;
  do {
    const page = await client.send(
      new GetExecutionHistoryCommand({ executionArn, maxResults: 1000, nextToken }),
    );
    events.push(...(page.events ?? []));
    nextToken = page.nextToken;
  } while (nextToken);
  return events;
}

/** The audit record is the outcome, read through the server's DynamoDB endpoint. */
async function reportFor(queryId: string, error?: string, cause?: string): Promise<QueryReport> {
  const record = await getRecord(queryId);
  if (record) return reportOf(record);
  return failedReport(queryId, {
    name: error ?? 'ExecutionFailed',
    message: cause ?? 'the execution left no history record',
  });
}
