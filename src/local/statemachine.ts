/**
 * Runs `statemachines/query.asl.json`, unchanged, in this process: every Task state calls the
 * handler of the same name instead of a Lambda function.
 */
import './polyfills';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { StateMachine } from 'aws-local-stepfunctions';
import * as collect from '../../handlers/collect';
import * as optimize from '../../handlers/optimize';
import * as provision from '../../handlers/provision';
import * as rendezvous from '../../handlers/rendezvous';
import * as startEngine from '../../handlers/start-engine';
import * as submit from '../../handlers/submit';
import * as teardown from '../../handlers/teardown';

export const DEFINITION_FILE = path.resolve(__dirname, '../../statemachines/query.asl.json');
export const LOCAL_ACCOUNT = '000000000000';
export const LOCAL_REGION = 'us-east-1';
export const STATE_MACHINE_NAME = 'metaq-query';
export const STATE_MACHINE_ARN = `arn:aws:states:${LOCAL_REGION}:${LOCAL_ACCOUNT}:stateMachine:${STATE_MACHINE_NAME}`;

type Handler = (event: never) => Promise<unknown>;

/** One event of a local execution's log (the library declares the type but does not export it). */
export type EventLog =
  ReturnType<StateMachine['run']>['eventLogs'] extends AsyncGenerator<infer E> ? E : never;

/** The Task state → handler table: the same handlers AWS runs as Lambda functions. */
export const taskHandlers: Record<string, Handler> = {
  Optimize: optimize.handler,
  Provision: provision.handler,
  Rendezvous: rendezvous.handler,
  StartEngine: startEngine.handler,
  Submit: submit.handler,
  Collect: collect.handler,
  Teardown: teardown.handler,
};

/** The definition with every `${...}Arn` placeholder filled as the CDK stack fills it on AWS. */
export function localDefinition(): Record<string, unknown> {
  const text = readFileSync(DEFINITION_FILE, 'utf8').replace(
    /\$\{(\w+)FunctionArn\}/g,
    (_, name: string) => `arn:aws:lambda:${LOCAL_REGION}:${LOCAL_ACCOUNT}:function:metaq-${name}`,
  );
  return JSON.parse(text);
}

/** Each Task state's Lambda function ARN, as its history events name it. */
export function stateResources(): (state: string) => string | undefined {
  const states = localDefinition().States as Record<string, { Resource?: string }>;
  return (state) => states[state]?.Resource;
}

export interface LocalExecution {
  executionArn: string;
  result: Promise<unknown>;
  events: AsyncGenerator<EventLog>;
  abort(): void;
  /** Settles when no Task handler of this execution is running (one may still be after an abort). */
  idle(): Promise<void>;
}

/** What a Task handler of an aborted execution throws instead of running. */
export class ExecutionAborted extends Error {
  override name = 'ExecutionAborted' as const;
}

// The definition is made by code and validated by test/statemachines/query-asl.test.ts (paths and
// ARNs, with the same asl-validator): validating it again in every process cost the command line
// 0.4 s of CPU (ajv compiling its schemas) for a result fixed at build time.
let validated: StateMachine | undefined;

export function startLocalExecution(name: string, input: unknown): LocalExecution {
  validated ??= new StateMachine(localDefinition() as never, { validationOptions: { noValidate: true } });
  const machine = validated;
  const executionArn = `arn:aws:states:${LOCAL_REGION}:${LOCAL_ACCOUNT}:execution:${STATE_MACHINE_NAME}:${name}`;
  const running = new Set<Promise<unknown>>();
  let aborted = false;
  const handlers = Object.fromEntries(
    Object.entries(taskHandlers).map(([state, handler]) => [
      state,
      (event: never) => {
        // The library keeps retrying a failed state after an abort: no new handler may start then.
        if (aborted) return Promise.reject(new ExecutionAborted(`execution ${name} was aborted`));
        const call = handler(event);
        running.add(call);
        const done = () => running.delete(call);
        call.then(done, done);
        return call;
      },
    ]),
  );
  const execution = machine.run(input as never, {
    overrides: {
      taskResourceLocalHandlers: handlers as never,
      // The waiting handlers poll by themselves; between their invocations there is nothing to wait for.
      retryIntervalOverrides: { Provision: 0, Rendezvous: 0, StartEngine: 0 },
    },
    context: {
      Execution: {
        Id: executionArn,
        Name: name,
        StartTime: new Date().toISOString(),
        Input: input,
        RoleArn: '',
      },
      StateMachine: { Id: STATE_MACHINE_ARN, Name: STATE_MACHINE_NAME },
    } as never,
  });
  return {
    executionArn,
    result: execution.result,
    events: execution.eventLogs,
    abort: () => {
      aborted = true;
      execution.abort();
    },
    idle: async () => {
      while (running.size > 0) await Promise.allSettled([...running]);
    },
  };
}
