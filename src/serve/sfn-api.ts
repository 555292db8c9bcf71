/**
 * The Step Functions API of `metaq serve`: the operations of the JSON protocol (`X-Amz-Target:
 * AWSStepFunctions.<Operation>`) with AWS's field names, shapes and errors, over the one local
 * state machine. Dates go out as epoch seconds, as AWS sends them.
 */
import { statSync } from 'node:fs';
import {
  DEFINITION_FILE,
  LOCAL_ACCOUNT,
  localDefinition,
  STATE_MACHINE_ARN,
  STATE_MACHINE_NAME,
} from '../local/statemachine';
import type { ExecutionStatus, ExecutionSummary } from './archive';
import { checkStateMachineArn, executionArn, executionName } from './arns';
import {
  InvalidExecutionInput,
  InvalidToken,
  UnknownOperationException,
  ValidationException,
} from './errors';
import type { Executions } from './executions';
import type { HistoryEvent } from './history-events';

type Body = Record<string, unknown>;
export type Operation = (body: Body) => Promise<unknown>;

const MAX_INPUT_BYTES = 256 * 1024;
const statuses: ExecutionStatus[] = ['RUNNING', 'SUCCEEDED', 'FAILED', 'TIMED_OUT', 'ABORTED'];
const seconds = (ms: number | undefined) => (ms === undefined ? undefined : ms / 1000);
const roleArn = `arn:aws:iam::${LOCAL_ACCOUNT}:role/metaq-local`;

export function sfnOperations(executions: Executions): Record<string, Operation> {
  const created = seconds(statSync(DEFINITION_FILE).mtimeMs);
  return {
    async StartExecution(body) {
      checkStateMachineArn(body.stateMachineArn);
      const input = executionInput(body.input);
      const name = optionalString(body, 'name');
      const execution = await executions.start(name, input);
      return { executionArn: executionArn(execution.name), startDate: seconds(execution.startDate) };
    },
    async DescribeExecution(body) {
      const summary = await executions.describe(executionName(body.executionArn));
      return describe(summary);
    },
    async StopExecution(body) {
      const name = executionName(body.executionArn);
      const stopDate = await executions.stop(name, {
        error: optionalString(body, 'error'),
        cause: optionalString(body, 'cause'),
      });
      return { stopDate: seconds(stopDate) };
    },
    async ListExecutions(body) {
      checkStateMachineArn(body.stateMachineArn);
      const filter = optionalString(body, 'statusFilter');
      if (filter !== undefined && !statuses.includes(filter as ExecutionStatus))
        throw invalid('statusFilter', filter, `Member must satisfy enum value set: [${statuses.join(', ')}]`);
      const { offset, limit } = page(body);
      const all = (await executions.list(offset + limit + 1)).filter(
        (summary) => filter === undefined || summary.status === filter,
      );
      return {
        executions: all.slice(offset, offset + limit).map(listItem),
        nextToken: all.length > offset + limit ? token(offset + limit) : undefined,
      };
    },
    async GetExecutionHistory(body) {
      const events = await executions.history(executionName(body.executionArn));
      const ordered = body.reverseOrder === true ? [...events].reverse() : events;
      const { offset, limit } = page(body);
      const withData = body.includeExecutionData !== false;
      return {
        events: ordered.slice(offset, offset + limit).map((event) => (withData ? event : withoutData(event))),
        nextToken: ordered.length > offset + limit ? token(offset + limit) : undefined,
      };
    },
    async ListStateMachines(body) {
      page(body);
      return {
        stateMachines: [
          {
            stateMachineArn: STATE_MACHINE_ARN,
            name: STATE_MACHINE_NAME,
            type: 'STANDARD',
            creationDate: created,
          },
        ],
      };
    },
    async DescribeStateMachine(body) {
      checkStateMachineArn(body.stateMachineArn);
      return {
        stateMachineArn: STATE_MACHINE_ARN,
        name: STATE_MACHINE_NAME,
        status: 'ACTIVE',
        definition: JSON.stringify(localDefinition(), null, 2),
        roleArn,
        type: 'STANDARD',
        creationDate: created,
      };
    },
  };
}

/** One call of the protocol: the operation named by the target header, with its JSON body. */
export async function callOperation(
  operations: Record<string, Operation>,
  target: string,
  body: Body,
): Promise<unknown> {
  const name = /^AWSStepFunctions\.(\w+)$/.exec(target)?.[1];
  const operation = name && Object.hasOwn(operations, name) ? operations[name] : undefined;
  if (!operation) throw new UnknownOperationException(`Unknown operation ${target}`);
  return operation(body);
}

/** What ListExecutions gives per execution; DescribeExecution adds input, output and error. */
function listItem(summary: ExecutionSummary) {
  return {
    executionArn: executionArn(summary.name),
    stateMachineArn: STATE_MACHINE_ARN,
    name: summary.name,
    status: summary.status,
    startDate: seconds(summary.startDate),
    stopDate: seconds(summary.stopDate),
  };
}

function describe(summary: ExecutionSummary) {
  return {
    ...listItem(summary),
    input: summary.input,
    inputDetails: { included: true },
    output: summary.output,
    outputDetails: summary.output === undefined ? undefined : { included: true },
    error: summary.error,
    cause: summary.cause,
    redriveCount: 0,
    redriveStatus: 'NOT_REDRIVABLE',
  };
}

function executionInput(raw: unknown): string {
  if (raw === undefined) return '{}';
  if (typeof raw !== 'string') throw invalid('input', raw, 'Member must be a string');
  if (Buffer.byteLength(raw) > MAX_INPUT_BYTES)
    throw new InvalidExecutionInput(`Input is larger than ${MAX_INPUT_BYTES} bytes`);
  try {
    JSON.parse(raw);
  } catch (error) {
    throw new InvalidExecutionInput(`Invalid State Machine Execution Input: '${(error as Error).message}'`, {
      cause: error,
    });
  }
  return raw;
}

function optionalString(body: Body, field: string): string | undefined {
  const value = body[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw invalid(field, value, 'Member must be a string');
  return value;
}

/** maxResults (0 means the default, 100; at most 1000) and nextToken (an offset we gave out). */
function page(body: Body): { offset: number; limit: number } {
  const max = body.maxResults ?? 0;
  if (typeof max !== 'number' || !Number.isInteger(max) || max < 0 || max > 1000)
    throw invalid('maxResults', max, 'Member must have value between 0 and 1000');
  if (body.nextToken === undefined || body.nextToken === null) return { offset: 0, limit: max || 100 };
  const decoded = /^offset:(\d+)$/.exec(Buffer.from(String(body.nextToken), 'base64url').toString());
  if (!decoded) throw new InvalidToken(`Invalid Token: '${body.nextToken}'`);
  return { offset: Number(decoded[1]), limit: max || 100 };
}

function token(offset: number): string {
  return Buffer.from(`offset:${offset}`).toString('base64url');
}

function invalid(field: string, value: unknown, constraint: string): ValidationException {
  return new ValidationException(
    `1 validation error detected: Value '${String(value)}' at '${field}' failed to satisfy constraint: ${constraint}`,
  );
}

/** includeExecutionData: false leaves out inputs and outputs, as AWS does. */
function withoutData(event: HistoryEvent): HistoryEvent {
  return Object.fromEntries(
    Object.entries(event).map(([key, value]) => {
      if (!key.endsWith('EventDetails') || typeof value !== 'object' || value === null) return [key, value];
      const { input: _input, output: _output, ...rest } = value as Record<string, unknown>;
      return [key, rest];
    }),
  ) as HistoryEvent;
}
