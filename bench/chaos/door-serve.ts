/**
 * A run through `metaq serve`'s Step Functions API, as the AWS SDK would drive it: StartExecution,
 * then, at the fault's moment, StopExecution, or a SIGKILL of the server itself followed by metaq
 * started again in the same home. A server of its own per run (started as the tests start one),
 * stopped after it.
 */
import {
  DescribeExecutionCommand,
  type SFNClient,
  StartExecutionCommand,
  StopExecutionCommand,
} from '@aws-sdk/client-sfn';
import { newQueryId } from '../../src/local/run-query';
import { STATE_MACHINE_ARN } from '../../src/local/statemachine';
import { statOf } from '../../src/session/query-processes';
import { type ServeProcess, sfn, startServeProcess } from '../../test/serve/support';
import { RUN_DEADLINE_MS } from './door-query';
import { leftBehind, sampleProcesses } from './leftovers';
import { type ChaosContext, restartMetaq, sleep } from './metaq';
import type { Observed } from './run';
import type { Scenario } from './scenario';
import { type Strike, strikeAtMoment } from './strike';
import { QueryWatch } from './watch';

export async function runThroughServe(scenario: Scenario, context: ChaosContext): Promise<Observed> {
  const serve = await startServeProcess([], context.dir);
  const client = sfn(serve, 'chaos');
  try {
    return await runExecution(scenario, context, serve, client);
  } finally {
    client.destroy();
    await serve.stop();
  }
}

async function runExecution(
  scenario: Scenario,
  context: ChaosContext,
  serve: ServeProcess,
  client: SFNClient,
): Promise<Observed> {
  const queryId = newQueryId();
  const input = {
    sql: scenario.sql,
    engine: scenario.engine,
    workers: scenario.workers,
    spares: scenario.spares,
    ...(scenario.timeoutSeconds && { limits: { timeoutSeconds: scenario.timeoutSeconds } }),
  };
  const { executionArn } = await client.send(
    new StartExecutionCommand({
      stateMachineArn: STATE_MACHINE_ARN,
      name: queryId,
      input: JSON.stringify(input),
    }),
  );
  const sampler = sampleProcesses(queryId);
  const { pid, dynamoEndpoint, s3Endpoint } = serve.registration;
  const watch = new QueryWatch(queryId, context.home, { dynamo: dynamoEndpoint, s3: s3Endpoint });
  const serveOver = () => ['Z', undefined].includes(statOf(pid)?.[0]);
  const over = () => serveOver() || (watch.latest?.record?.status ?? 'RUNNING') !== 'RUNNING';
  const stop = async () => {
    await client.send(
      new StopExecutionCommand({ executionArn, error: 'Chaos', cause: 'stopped by the chaos campaign' }),
    );
  };
  try {
    const strike: Strike = await strikeAtMoment(scenario, {
      watch,
      over,
      orchestrator: pid,
      stop,
    });
    let reported: Observed['reported'];
    let recovery: string | undefined;
    let harnessError: string | undefined;
    if (scenario.fault === 'kill-serve-process' && strike.applied) {
      await serve.stop(); // killed: only waits for its exit
      await sleep(scenario.restartDelayMs ?? 0);
      recovery = await restartMetaq(context);
    } else {
      reported = await describeUntilEnded(client, executionArn as string, Date.now() + RUN_DEADLINE_MS);
      if (!reported) harnessError = `the execution was still RUNNING after ${RUN_DEADLINE_MS / 60_000} min`;
    }
    const left = await leftBehind(queryId, context.graceMs);
    return { queryId, strike, reported, recovery, left, lastSeenAt: sampler.lastSeenAt(), harnessError };
  } finally {
    sampler.stop();
  }
}

/** What the API says of the execution once it has ended; undefined past the deadline. */
async function describeUntilEnded(
  client: SFNClient,
  executionArn: string,
  deadline: number,
): Promise<Observed['reported']> {
  while (Date.now() < deadline) {
    const execution = await client.send(new DescribeExecutionCommand({ executionArn }));
    if (execution.status !== 'RUNNING')
      return { queryId: execution.name ?? '', status: execution.status ?? 'unknown', error: execution.error };
    await sleep(200);
  }
  return undefined;
}
