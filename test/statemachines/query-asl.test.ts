import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import aslValidator from 'asl-validator';
import { DEFINITION_FILE, localDefinition, taskHandlers } from '../../src/local/statemachine';

type State = Record<string, unknown> & { Type: string };
const definition = JSON.parse(readFileSync(DEFINITION_FILE, 'utf8')) as {
  StartAt: string;
  States: Record<string, State>;
};
const tasks = Object.entries(definition.States).filter(([, state]) => state.Type === 'Task');
const kebab = (name: string) => name.replace(/([a-z])([A-Z])/g, '$1-$2').toLowerCase();

describe('statemachines/query.asl.json', () => {
  it('is valid Amazon States Language once its placeholders are filled', async () => {
    const { isValid, errors } = await aslValidator(localDefinition(), { checkPaths: true, checkArn: true });
    expect(errors).toEqual([]);
    expect(isValid).toBe(true);
  });

  it('runs the seven phases in order', () => {
    const order: string[] = [];
    let name: string | undefined = definition.StartAt;
    while (name && definition.States[name].Type === 'Task') {
      order.push(name);
      name = definition.States[name].Next as string | undefined;
      if (name === 'QueryFinished') name = (definition.States.QueryFinished.Default as string) ?? undefined;
    }
    expect(order).toEqual([
      'Optimize',
      'Provision',
      'Rendezvous',
      'StartEngine',
      'Submit',
      'Collect',
      'Teardown',
    ]);
  });

  it.each(tasks)(
    '%s names a handler file that exports `handler`, and the local runtime maps it',
    (name, state) => {
      expect(state.Resource).toBe(`\${${name}FunctionArn}`);
      const file = path.resolve(__dirname, `../../handlers/${kebab(name)}.ts`);
      expect(existsSync(file)).toBe(true);
      expect(typeof require(file).handler).toBe('function');
      expect(taskHandlers[name]).toBe(require(file).handler);
    },
  );

  it.each(tasks)('%s has a TimeoutSeconds', (_, state) => {
    expect(state.TimeoutSeconds).toBeGreaterThan(0);
  });

  it.each(tasks.filter(([name]) => !['Optimize', 'Teardown'].includes(name)))(
    '%s catches every error into Teardown',
    (_, state) => {
      expect(state.Catch).toEqual([{ ErrorEquals: ['States.ALL'], ResultPath: '$.error', Next: 'Teardown' }]);
    },
  );

  // AWS's list for Lambda invocations from Step Functions, ClientExecutionTimeoutException included.
  it.each(tasks)('%s retries the transient errors of a Lambda invocation', (_, state) => {
    const retry = (state.Retry ?? []) as { ErrorEquals: string[] }[];
    const errors = retry.flatMap((rule) => rule.ErrorEquals);
    // Teardown retries everything.
    if (errors.includes('States.ALL')) return;
    for (const error of [
      'Lambda.ServiceException',
      'Lambda.AWSLambdaException',
      'Lambda.SdkClientException',
      'Lambda.TooManyRequestsException',
      'Lambda.ClientExecutionTimeoutException',
    ])
      expect(errors).toContain(error);
  });

  it.each(['Rendezvous', 'StartEngine'])('%s retries on NotReadyYet', (name) => {
    const retry = definition.States[name].Retry as { ErrorEquals: string[] }[];
    expect(retry.some((rule) => rule.ErrorEquals.includes('NotReadyYet'))).toBe(true);
  });

  it('loops Submit until the query has finished', () => {
    expect(definition.States.Submit.Next).toBe('QueryFinished');
    expect(definition.States.QueryFinished.Choices).toEqual([
      { Variable: '$.run.finished', BooleanEquals: false, Next: 'Submit' },
    ]);
  });

  it('fails after Teardown with the original error name and cause', () => {
    expect(definition.States.Teardown.Next).toBe('Outcome');
    expect(definition.States.Failed).toEqual({
      Type: 'Fail',
      ErrorPath: '$.error.Error',
      CausePath: '$.error.Cause',
    });
  });
});
