import {
  DescribeExecutionCommand,
  ExecutionAlreadyExists,
  GetExecutionHistoryCommand,
  type HistoryEvent,
  SFNClient,
  StartExecutionCommand,
} from '@aws-sdk/client-sfn';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { runExecution, stateMachineArn } from '../../src/aws/sfn-client';
import { awsHistoryCommand, awsQueryCommand, awsShowCommand, awsTables } from '../../src/cli/aws';
import { openRecord, updateRecord } from '../../src/history/store';
import type { QueryReport } from '../../src/history/types';
import type { LocalRuntime } from '../../src/local/runtime';
import { startLocalTables } from '../platforms/local-dynamo';

const sfn = mockClient(SFNClient);
const machine = 'arn:aws:states:eu-central-1:123456789012:stateMachine:metaq-query';
const fast = { attempts: 4, baseMs: 1 };
const throttled = () =>
  Object.assign(new Error('Rate exceeded'), {
    name: 'ThrottlingException',
    $metadata: { httpStatusCode: 400 },
  });
let runtime: LocalRuntime;
/** A client like the command line's; the mock answers for every SFNClient. */
const client = () => new SFNClient({ region: 'eu-central-1' });
let out: string;
let spies: jest.SpyInstance[];

beforeAll(async () => {
  runtime = await startLocalTables();
});
afterAll(() => runtime.stop());
beforeEach(() => {
  out = '';
  spies = [
    jest.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
      out += String(chunk);
      return true;
    }),
    jest.spyOn(process.stderr, 'write').mockImplementation(() => true),
  ];
});
afterEach(() => {
  sfn.reset();
  for (const spy of spies) spy.mockRestore();
});

const event = (id: number, type: string, name: string): HistoryEvent => ({
  id,
  type: type as HistoryEvent['type'],
  timestamp: new Date(1_000_000 + id * 100),
  ...(type.endsWith('Entered')
    ? { stateEnteredEventDetails: { name, input: '{}' } }
    : { stateExitedEventDetails: { name, output: '{}' } }),
});

describe('Method: runExecution', () => {
  it('starts the execution named by the queryId, follows its events once each, and waits for the end', async () => {
    const arn = `${machine.replace(':stateMachine:', ':execution:')}:q-1`;
    sfn.on(StartExecutionCommand).resolves({ executionArn: arn, startDate: new Date() });
    sfn
      .on(DescribeExecutionCommand)
      .resolvesOnce({ status: 'RUNNING' })
      .rejectsOnce(throttled())
      .resolves({ status: 'SUCCEEDED', output: '{"status":"SUCCEEDED"}' });
    sfn
      .on(GetExecutionHistoryCommand)
      .resolvesOnce({ events: [event(2, 'TaskStateEntered', 'Optimize'), event(1, 'ExecutionStarted', '')] })
      .resolves({
        events: [
          event(4, 'TaskStateEntered', 'Provision'),
          event(3, 'TaskStateExited', 'Optimize'),
          event(2, 'TaskStateEntered', 'Optimize'),
        ],
      });
    const seen: number[] = [];

    const outcome = await runExecution(
      client(),
      machine,
      'q-1',
      { sql: 'SELECT 1' },
      {
        pollMs: 1,
        retry: fast,
        onEvent: (e) => seen.push(e.id ?? 0),
      },
    );

    expect(outcome).toEqual({ executionArn: arn, status: 'SUCCEEDED', output: '{"status":"SUCCEEDED"}' });
    expect(sfn).toHaveReceivedCommandWith(StartExecutionCommand, {
      stateMachineArn: machine,
      name: 'q-1',
      input: '{"sql":"SELECT 1"}',
    });
    expect(sfn).toHaveReceivedCommandWith(GetExecutionHistoryCommand, {
      executionArn: arn,
      reverseOrder: true,
    });
    expect(sfn).toHaveReceivedCommandTimes(DescribeExecutionCommand, 3);
    expect(seen).toEqual([1, 2, 3, 4]);
  });

  it('passes on a refused start with its name', async () => {
    sfn
      .on(StartExecutionCommand)
      .rejects(new ExecutionAlreadyExists({ message: 'Execution Already Exists', $metadata: {} }));
    await expect(runExecution(client(), machine, 'q-1', {}, { retry: fast })).rejects.toMatchObject({
      name: 'ExecutionAlreadyExists',
    });
  });

  it('names the setting when there is no state machine', () => {
    expect(stateMachineArn('arn:x', {})).toBe('arn:x');
    expect(stateMachineArn(undefined, { METAQ_STATE_MACHINE_ARN: 'arn:y' })).toBe('arn:y');
    expect(() => stateMachineArn(undefined, {})).toThrow(
      'environment variable METAQ_STATE_MACHINE_ARN is not set: pass --state-machine-arn',
    );
  });
});

describe('Command: query --aws', () => {
  const report: QueryReport = {
    queryId: 'q-x',
    status: 'SUCCEEDED',
    timings: { totalMs: 31_000, queryMs: 2000 },
    workers: { launched: 2, admitted: 1, dismissed: 1, failed: 0 },
    result: {
      location: 's3://results/results/q-x/',
      format: 'parquet',
      rows: 1,
      bytes: 300,
      files: [],
      manifest: '',
      columns: [{ name: 'answer', type: 'INTEGER' }],
      preview: [{ answer: 42 }],
    },
  };

  it('sends the input the state machine takes and prints the report', async () => {
    sfn.on(StartExecutionCommand).resolves({ executionArn: 'arn:exec' });
    sfn.on(DescribeExecutionCommand).resolves({ status: 'SUCCEEDED', output: JSON.stringify(report) });
    sfn.on(GetExecutionHistoryCommand).resolves({ events: [] });

    const code = await awsQueryCommand(
      'SELECT 42 AS answer',
      { stateMachineArn: machine, table: ['lineitem=s3://tpch/lineitem/:parquet'], workers: 1, timeout: 300 },
      client(),
    );

    expect(code).toBe(0);
    const input = JSON.parse(String(sfn.commandCalls(StartExecutionCommand)[0].args[0].input.input));
    expect(input).toEqual({
      sql: 'SELECT 42 AS answer',
      workers: 1,
      tables: { lineitem: { location: 's3://tpch/lineitem/', format: 'parquet' } },
      limits: { timeoutSeconds: 300 },
    });
    expect(sfn.commandCalls(StartExecutionCommand)[0].args[0].input.name).toMatch(
      /^q-\d{8}-\d{6}-[0-9a-f]{6}$/,
    );
    expect(out).toContain('42');
    expect(out).toContain('1 row(s)');
  });

  it('reports a failed execution from its history record', async () => {
    sfn.on(StartExecutionCommand).callsFake(async (input) => {
      await openRecord(input.name, { sql: 'SELECT nope' }, new Date());
      await updateRecord(input.name, {
        status: 'FAILED',
        error: { name: 'QueryFailed', message: 'no such column: nope' },
      });
      return { executionArn: 'arn:exec' };
    });
    sfn.on(DescribeExecutionCommand).resolves({ status: 'FAILED', error: 'QueryFailed', cause: '{}' });
    sfn.on(GetExecutionHistoryCommand).resolves({ events: [] });

    const code = await awsQueryCommand('SELECT nope', { stateMachineArn: machine, json: true }, client());

    expect(code).toBe(1);
    expect(JSON.parse(out)).toMatchObject({
      status: 'FAILED',
      error: { name: 'QueryFailed', message: 'no such column: nope' },
    });
  });

  it('refuses local files: on AWS a table is in S3', () => {
    expect(() => awsTables(['orders=./orders.parquet'])).toThrow(
      '--table orders=./orders.parquet: with --aws a table is an s3:// URL',
    );
  });
});

describe('Command: history --aws, show --aws', () => {
  it('read the queries table', async () => {
    await openRecord('q-aws-hist', { sql: 'SELECT 7', tags: { schedule: 'daily' } }, new Date());
    expect(await awsHistoryCommand({ limit: 50, json: true })).toBe(0);
    expect(JSON.parse(out)).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ queryId: 'q-aws-hist', sql: 'SELECT 7', schedule: 'daily' }),
      ]),
    );
    out = '';
    expect(await awsShowCommand('q-aws-hist', { json: true })).toBe(0);
    expect(JSON.parse(out)).toMatchObject({
      queryId: 'q-aws-hist',
      status: 'RUNNING',
      tags: { schedule: 'daily' },
    });
    expect(await awsShowCommand('q-missing', {})).toBe(2);
  });
});
