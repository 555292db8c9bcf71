/**
 * One query = one Standard execution of statemachines/query.asl.json, loaded unchanged with
 * `DefinitionBody.fromFile`; each `${<State>FunctionArn}` is the handler function of that state.
 * Also the teardown-on-stop rule: an execution that ends without reaching Teardown still has its
 * session torn down.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { bucketList, bucketWrite, type TableAction, tableAccess } from './access';
import { HandlerFunction, projectRoot } from './handler-function';

export const DEFINITION_FILE = path.join(projectRoot, 'statemachines/query.asl.json');

/** The Task states and the export of infra/lambda/entries.ts that runs each. */
export const taskHandlers = {
  Optimize: 'optimizeHandler',
  Provision: 'provisionHandler',
  Rendezvous: 'rendezvousHandler',
  StartEngine: 'startEngineHandler',
  Submit: 'submitHandler',
  Collect: 'collectHandler',
  Teardown: 'teardownHandler',
} as const;
export type TaskState = keyof typeof taskHandlers;

/** Every `${Name}` placeholder of a definition. */
export function placeholders(definition: string): string[] {
  return [...new Set([...definition.matchAll(/\$\{(\w+)\}/g)].map((match) => match[1]))].sort();
}

/** The Task states' own timeouts: a handler function gets the same one. */
export function stateTimeouts(definition: string): Record<string, number> {
  const states = (
    JSON.parse(definition) as { States: Record<string, { Type: string; TimeoutSeconds?: number }> }
  ).States;
  return Object.fromEntries(
    Object.entries(states)
      .filter(([, state]) => state.Type === 'Task')
      .map(([name, state]) => [name, state.TimeoutSeconds ?? 60]),
  );
}

export interface WorkflowProps {
  readonly prefix: string;
  readonly sessions: dynamodb.ITableV2;
  readonly queries: dynamodb.ITableV2;
  readonly catalog: dynamodb.ITableV2;
  /** Environment of every handler: table and bucket names, the platforms' settings. */
  readonly environment: Record<string, string>;
  /** Buckets (ARNs) whose tables the optimizer measures. */
  readonly readBuckets: string[];
  /** Buckets (ARNs) results are written to. */
  readonly writeBuckets: string[];
  /** Launching workers (Provision). */
  readonly launchStatements: iam.PolicyStatement[];
  /** Stopping workers (Rendezvous dismisses, Teardown stops). */
  readonly stopStatements: iam.PolicyStatement[];
  /** @default statemachines/query.asl.json */
  readonly definitionFile?: string;
  /** @default logs.RetentionDays.ONE_MONTH */
  readonly logRetention?: logs.RetentionDays;
}

export class Workflow extends Construct {
  public readonly handlers: Record<TaskState, lambda.IFunction>;
  public readonly stateMachine: sfn.StateMachine;
  public readonly teardownOnStop: lambda.IFunction;
  public readonly stopRule: events.Rule;

  constructor(scope: Construct, id: string, props: WorkflowProps) {
    super(scope, id);
    const file = props.definitionFile ?? DEFINITION_FILE;
    const definition = readFileSync(file, 'utf8');
    const timeouts = stateTimeouts(definition);
    const known = Object.keys(taskHandlers).map((state) => `${state}FunctionArn`);
    const unknown = placeholders(definition).filter((name) => !known.includes(name));
    if (unknown.length > 0) {
      throw new Error(`${file} has placeholders no handler fills: ${unknown.join(', ')}`);
    }
    const { sessions, queries, catalog } = props;
    const history: TableAction[] = ['UpdateItem'];
    const sessionReadWrite = tableAccess(sessions, ['GetItem', 'Query', 'UpdateItem']);
    const access: Record<TaskState | 'TeardownOnStop', iam.PolicyStatement[]> = {
      Optimize: [
        tableAccess(queries, ['PutItem', ...history]),
        tableAccess(catalog, ['GetItem', 'Scan']),
        bucketList([...props.readBuckets, ...props.writeBuckets]),
      ],
      Provision: [
        tableAccess(queries, history),
        tableAccess(sessions, ['PutItem', 'UpdateItem']),
        ...props.launchStatements,
      ],
      Rendezvous: [tableAccess(queries, history), sessionReadWrite, ...props.stopStatements],
      StartEngine: [tableAccess(queries, history), tableAccess(sessions, ['Query', 'UpdateItem'])],
      Submit: [tableAccess(queries, history), sessionReadWrite],
      Collect: [
        tableAccess(queries, history),
        // The head's answer (its item), which Submit leaves there rather than in the state.
        tableAccess(sessions, ['GetItem']),
        bucketList(props.writeBuckets),
        bucketWrite(props.writeBuckets),
      ],
      Teardown: [tableAccess(queries, ['GetItem', ...history]), sessionReadWrite, ...props.stopStatements],
      TeardownOnStop: [
        tableAccess(queries, ['GetItem', ...history]),
        sessionReadWrite,
        ...props.stopStatements,
      ],
    };
    const make = (name: string, handler: string, timeoutSeconds: number, description: string) =>
      new HandlerFunction(this, name, {
        handler,
        description,
        timeout: Duration.seconds(timeoutSeconds),
        environment: props.environment,
        statements: access[name as keyof typeof access],
        logRetention: props.logRetention,
      }).function;

    this.handlers = Object.fromEntries(
      Object.entries(taskHandlers).map(([state, handler]) => [
        state,
        make(state, handler, timeouts[state] ?? 60, `the ${state} state of ${props.prefix}-query`),
      ]),
    ) as unknown as Record<TaskState, lambda.IFunction>;

    const logGroup = new logs.LogGroup(this, 'ExecutionLogs', {
      logGroupName: `/aws/vendedlogs/states/${props.prefix}-query`,
      retention: props.logRetention ?? logs.RetentionDays.ONE_MONTH,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.stateMachine = new sfn.StateMachine(this, 'StateMachine', {
      stateMachineName: `${props.prefix}-query`,
      stateMachineType: sfn.StateMachineType.STANDARD,
      definitionBody: sfn.DefinitionBody.fromFile(file),
      definitionSubstitutions: Object.fromEntries(
        Object.entries(this.handlers).map(([state, fn]) => [`${state}FunctionArn`, fn.functionArn]),
      ),
      logs: { destination: logGroup, level: sfn.LogLevel.ALL, includeExecutionData: true },
      tracingEnabled: true,
    });
    // A file-based definition gets no automatic grants: the Task states' functions, and only those.
    this.stateMachine.addToRolePolicy(
      new iam.PolicyStatement({
        actions: ['lambda:InvokeFunction'],
        resources: Object.values(this.handlers).map((fn) => fn.functionArn),
      }),
    );

    this.teardownOnStop = make(
      'TeardownOnStop',
      'teardownOnStopHandler',
      timeouts.Teardown ?? 120,
      `tears down the session of a ${props.prefix}-query execution that ended without its Teardown state`,
    );
    this.stopRule = new events.Rule(this, 'StopRule', {
      description: `${props.prefix}-query executions that were stopped, timed out or failed: tear their sessions down`,
      eventPattern: {
        source: ['aws.states'],
        detailType: ['Step Functions Execution Status Change'],
        detail: {
          status: ['ABORTED', 'TIMED_OUT', 'FAILED'],
          stateMachineArn: [this.stateMachine.stateMachineArn],
        },
      },
      targets: [
        new targets.LambdaFunction(this.teardownOnStop, { retryAttempts: 8, maxEventAge: Duration.hours(6) }),
      ],
    });
  }
}
