/**
 * One query as one execution of a deployed state machine, through the Step Functions API: start it
 * with the queryId as its name, follow its history for progress, and wait until it ends. Every
 * call waits out throttling (DescribeExecution and GetExecutionHistory have small request quotas).
 */
import {
  DescribeExecutionCommand,
  type DescribeExecutionCommandOutput,
  GetExecutionHistoryCommand,
  type HistoryEvent,
  type SFNClient,
  StartExecutionCommand,
  StopExecutionCommand,
} from '@aws-sdk/client-sfn';
import { requiredSetting } from '../config';
import { retryThrottled, type ThrottleRetry } from './throttle';

export function stateMachineArn(option: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  return (
    option ??
    requiredSetting(
      'METAQ_STATE_MACHINE_ARN',
      'pass --state-machine-arn, or set it to the StateMachineArn output of `npx cdk deploy`',
      env,
    )
  );
}

export interface RunOptions {
  /** Between two DescribeExecution calls. @default 1000 */
  pollMs?: number;
  /** Each new history event, oldest first. */
  onEvent?: (event: HistoryEvent) => void;
  /** Called with the execution ARN once it has started (e.g. to stop it on Ctrl-C). */
  onStart?: (executionArn: string) => void;
  retry?: ThrottleRetry;
}

export type ExecutionOutcome = Pick<
  DescribeExecutionCommandOutput,
  'status' | 'output' | 'error' | 'cause'
> & {
  executionArn: string;
};

export async function runExecution(
  client: SFNClient,
  machineArn: string,
  name: string,
  input: unknown,
  options: RunOptions = {},
): Promise<ExecutionOutcome> {
  const call = <T>(send: () => Promise<T>) => retryThrottled(send, options.retry);
  const { executionArn } = await call(() =>
    client.send(
      new StartExecutionCommand({ stateMachineArn: machineArn, name, input: JSON.stringify(input) }),
    ),
  );
  if (!executionArn) throw new Error(`StartExecution of ${name} returned no execution ARN`);
  options.onStart?.(executionArn);
  let lastEventId = 0;
  for (;;) {
    const described = await call(() => client.send(new DescribeExecutionCommand({ executionArn })));
    if (options.onEvent) {
      const events = await newEvents(client, executionArn, lastEventId, call);
      for (const event of events) options.onEvent(event);
      lastEventId = events.at(-1)?.id ?? lastEventId;
    }
    if (described.status !== 'RUNNING' && described.status !== 'PENDING_REDRIVE') {
      const { status, output, error, cause } = described;
      return { executionArn, status, output, error, cause };
    }
    await new Promise((resolve) => setTimeout(resolve, options.pollMs ?? 1000));
  }
}

/** The events after `afterId`, oldest first, read newest first so a long history is not read again. */
async function newEvents(
  client: SFNClient,
  executionArn: string,
  afterId: number,
  call: <T>(send: () => Promise<T>) => Promise<T>,
): Promise<HistoryEvent[]> {
  const events: HistoryEvent[] = [];
  let nextToken: string | undefined;
  do {
    const page = await call(() =>
      client.send(
        new GetExecutionHistoryCommand({ executionArn, reverseOrder: true, maxResults: 100, nextToken }),
      ),
    );
    for (const event of page.events ?? []) {
      if ((event.id ?? 0) <= afterId) return events.reverse();
      events.push(event);
    }
    nextToken = page.nextToken;
  } while (nextToken);
  return events.reverse();
}

/** Stops an execution; the teardown-on-stop rule then tears its session down. */
export async function stopExecution(client: SFNClient, executionArn: string, reason: string): Promise<void> {
  await retryThrottled(() =>
    client.send(new StopExecutionCommand({ executionArn, error: 'Interrupted', cause: reason })),
  );
}
