/** One synthesized stack per test file: bundling skipped (esbuild runs in `npx cdk synth`), assets staged in a temp folder. */
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { MetaqStack, type MetaqStackProps } from '../../infra/stack';
import { parseSchedule } from '../../src/schedules/config';

export const testSchedule = parseSchedule({
  name: 'daily-revenue',
  expression: 'cron(0 6 * * ? *)',
  timezone: 'Europe/Zurich',
  input: { sql: 'SELECT 42 AS answer', engine: 'duckdb', tags: { team: 'finance' } },
  output: { format: 'csv', location: 's3://reports-bucket/daily/{date}/' },
});

export interface Synthesized {
  stack: MetaqStack;
  template: Template;
  /** The cloud assembly folder. */
  outdir: string;
}

export function synthStack(props: MetaqStackProps = {}): Synthesized {
  const outdir = mkdtempSync(path.join(os.tmpdir(), 'metaq-cdk-'));
  const app = new App({
    outdir,
    context: { 'aws:cdk:bundling-stacks': [] },
  });
  const stack = new MetaqStack(app, 'Metaq', {
    env: { account: '123456789012', region: 'eu-central-1' },
    dataBuckets: ['tpch-data'],
    schedules: [testSchedule],
    ...props,
  });
  return { stack, template: Template.fromStack(stack), outdir };
}

/** The logical id of a construct's CloudFormation resource. */
export function logicalId(stack: MetaqStack, construct: { node: { defaultChild?: unknown } }): string {
  return stack.getLogicalId(construct.node.defaultChild as never);
}

type Statement = { Action: string | string[]; Resource: unknown; Condition?: unknown; Effect: string };

/** Every statement of the policies attached to a role (by the role's logical id). */
export function statementsOf(template: Template, roleId: string): Statement[] {
  const policies = template.findResources('AWS::IAM::Policy');
  return Object.values(policies)
    .filter((policy) => (policy.Properties.Roles as { Ref: string }[]).some((role) => role.Ref === roleId))
    .flatMap((policy) => policy.Properties.PolicyDocument.Statement as Statement[]);
}

export const actionsOf = (statements: Statement[]): string[] =>
  [...new Set(statements.flatMap((s) => (Array.isArray(s.Action) ? s.Action : [s.Action])))].sort();
