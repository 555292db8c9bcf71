import { readFileSync } from 'node:fs';
import type { Template } from 'aws-cdk-lib/assertions';
import { DEFINITION_FILE, placeholders, taskHandlers } from '../../infra/constructs/workflow';
import type { MetaqStack } from '../../infra/stack';
import { actionsOf, logicalId, statementsOf, synthStack } from './synth';

let stack: MetaqStack;
let template: Template;
/** Logical id → what it is, to read grants as "action on thing". */
let names: Map<string, string>;

beforeAll(() => {
  ({ stack, template } = synthStack());
  const { data, workers, workflow } = stack;
  names = new Map([
    [logicalId(stack, data.sessions), 'sessions'],
    [logicalId(stack, data.queries), 'queries'],
    [logicalId(stack, data.catalog), 'catalog'],
    [logicalId(stack, data.results), 'results'],
    [logicalId(stack, workers.cluster), 'cluster'],
    // Every Lambda engine's functions read alike (duckdb, clickhouse, databend).
    ...Object.values(workers.functions)
      .flatMap((functions) => Object.values(functions ?? {}))
      .map((fn) => [logicalId(stack, fn), 'worker-function'] as [string, string]),
    // Every engine's task definition and roles read alike: the grants are the same for each.
    ...Object.values(workers.taskDefinitions).flatMap(
      (task) =>
        [
          [logicalId(stack, task), 'task-definition'],
          [logicalId(stack, task.taskRole), 'task-role'],
          [logicalId(stack, task.obtainExecutionRole()), 'execution-role'],
        ] as [string, string][],
    ),
    ...Object.values(workflow.handlers).map(
      (fn) => [logicalId(stack, fn), 'handler-function'] as [string, string],
    ),
  ]);
});

/** "action on thing" for every statement of a role; its own log group is "logs". */
function grants(roleId: string): string[] {
  const lines = statementsOf(template, roleId).flatMap((statement) => {
    const actions = Array.isArray(statement.Action) ? statement.Action : [statement.Action];
    const resources = Array.isArray(statement.Resource) ? statement.Resource : [statement.Resource];
    const things = resources.map((resource) => {
      const text = JSON.stringify(resource);
      if (text.includes('tpch-data')) return text.includes('/*') ? 'tpch-data/*' : 'tpch-data';
      if (text.includes('reports-bucket')) return text.includes('/*') ? 'reports-bucket/*' : 'reports-bucket';
      if (text.includes(':task/')) return 'cluster-tasks';
      const id = [...names.keys()].find((key) => text.includes(`"${key}"`));
      if (!id) return /Logs|logs/.test(text) ? 'logs' : text;
      return text.includes('/*') ? `${names.get(id)}/*` : (names.get(id) as string);
    });
    return actions.flatMap((action) => [...new Set(things)].map((thing) => `${action} on ${thing}`));
  });
  return [...new Set(lines)].sort();
}

const roleOf = (fn: { role?: unknown }) => logicalId(stack, fn.role as never);
const logs = ['logs:CreateLogStream on logs', 'logs:PutLogEvents on logs'];
const history = 'dynamodb:UpdateItem on queries';
const launch = [
  'lambda:InvokeFunction on worker-function',
  'ecs:RunTask on task-definition',
  'iam:PassRole on task-role',
  'iam:PassRole on execution-role',
];
const stop = ['ecs:StopTask on cluster-tasks'];
const sessionsReadWrite = [
  'dynamodb:GetItem on sessions',
  'dynamodb:Query on sessions',
  'dynamodb:UpdateItem on sessions',
];

describe('Grants: the state machine', () => {
  it('fills every placeholder of the ASL file with a Task function', () => {
    const machine = Object.values(template.findResources('AWS::StepFunctions::StateMachine'))[0];
    const substitutions = machine.Properties.DefinitionSubstitutions as Record<
      string,
      { 'Fn::GetAtt': string[] }
    >;
    const asl = readFileSync(DEFINITION_FILE, 'utf8');
    expect(Object.keys(substitutions).sort()).toEqual(placeholders(asl));
    for (const [state] of Object.entries(taskHandlers)) {
      const fn = stack.workflow.handlers[state as keyof typeof taskHandlers];
      expect(substitutions[`${state}FunctionArn`]).toEqual({ 'Fn::GetAtt': [logicalId(stack, fn), 'Arn'] });
    }
  });

  it('may invoke exactly the seven Task functions', () => {
    const role = logicalId(stack, stack.workflow.stateMachine.role);
    const invoke = statementsOf(template, role).filter((s) => s.Action === 'lambda:InvokeFunction');
    expect(invoke).toHaveLength(1);
    const arns = (invoke[0].Resource as { 'Fn::GetAtt': string[] }[])
      .map((arn) => arn['Fn::GetAtt'][0])
      .sort();
    expect(arns).toEqual(
      Object.values(stack.workflow.handlers)
        .map((fn) => logicalId(stack, fn))
        .sort(),
    );
  });
});

describe('Grants: each handler touches only what it uses', () => {
  it.each([
    [
      'Optimize',
      [
        'dynamodb:GetItem on catalog',
        'dynamodb:PutItem on queries',
        'dynamodb:Scan on catalog',
        history,
        's3:ListBucket on reports-bucket',
        's3:ListBucket on results',
        's3:ListBucket on tpch-data',
      ],
    ],
    ['Provision', [history, 'dynamodb:PutItem on sessions', 'dynamodb:UpdateItem on sessions', ...launch]],
    ['Rendezvous', [history, ...sessionsReadWrite, ...stop]],
    ['StartEngine', [history, 'dynamodb:Query on sessions', 'dynamodb:UpdateItem on sessions']],
    ['Submit', [history, ...sessionsReadWrite]],
    [
      'Collect',
      [
        history,
        'dynamodb:GetItem on sessions',
        's3:AbortMultipartUpload on reports-bucket/*',
        's3:AbortMultipartUpload on results/*',
        's3:ListBucket on reports-bucket',
        's3:ListBucket on results',
        's3:PutObject on reports-bucket/*',
        's3:PutObject on results/*',
      ],
    ],
    ['Teardown', ['dynamodb:GetItem on queries', history, ...sessionsReadWrite, ...stop]],
  ])('%s', (state, expected) => {
    const fn = stack.workflow.handlers[state as keyof typeof taskHandlers];
    expect(grants(roleOf(fn))).toEqual([...logs, ...expected].sort());
  });

  it('TeardownOnStop as Teardown', () => {
    expect(grants(roleOf(stack.workflow.teardownOnStop))).toEqual(
      grants(roleOf(stack.workflow.handlers.Teardown)),
    );
  });

  it('the API: StartExecution on the state machine, GetItem on queries', () => {
    const start = logicalId(stack, stack.api.node.findChild('StartRole') as never);
    expect(actionsOf(statementsOf(template, start))).toEqual(['states:StartExecution']);
    expect(grants(roleOf(stack.api.recordFunction))).toEqual([...logs, 'dynamodb:GetItem on queries'].sort());
  });
});

describe('Grants: workers', () => {
  // Engines commit by copy and delete (Spark), list and abort multipart uploads (S3A), and read
  // back what they wrote (Drill's preview, Spark's part files), schedules' buckets included.
  const worker = [
    'dynamodb:GetItem on sessions',
    'dynamodb:UpdateItem on sessions',
    's3:AbortMultipartUpload on reports-bucket/*',
    's3:AbortMultipartUpload on results/*',
    's3:DeleteObject on reports-bucket/*',
    's3:DeleteObject on results/*',
    's3:GetObject on reports-bucket/*',
    's3:GetObject on results/*',
    's3:GetObject on tpch-data/*',
    's3:ListBucket on reports-bucket',
    's3:ListBucket on results',
    's3:ListBucket on tpch-data',
    's3:ListBucketMultipartUploads on reports-bucket',
    's3:ListBucketMultipartUploads on results',
    's3:ListMultipartUploadParts on reports-bucket/*',
    's3:ListMultipartUploadParts on results/*',
    's3:PutObject on reports-bucket/*',
    's3:PutObject on results/*',
  ];

  it('a Lambda worker: its own items, the data it reads, the results it writes', () => {
    for (const fn of Object.values(stack.workers.functions.duckdb)) {
      expect(grants(roleOf(fn))).toEqual([...logs, ...worker].sort());
    }
  });

  it('an ECS worker: the same', () => {
    const role = logicalId(stack, stack.workers.taskDefinitions.duckdb.taskRole);
    expect(grants(role)).toEqual(worker);
  });
});

describe('Grants: no wildcard actions anywhere', () => {
  it('every action is named in full', () => {
    const policies = Object.values(template.findResources('AWS::IAM::Policy'));
    const actions = policies.flatMap((policy) =>
      (policy.Properties.PolicyDocument.Statement as { Action: string | string[] }[]).flatMap(
        (s) => s.Action,
      ),
    );
    expect(actions.length).toBeGreaterThan(20);
    expect(actions.filter((action) => action.includes('*'))).toEqual([]);
  });
});
