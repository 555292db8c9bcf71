/**
 * The CDK app: `npx cdk synth` / `npx cdk deploy`. Settings come from the context (cdk.json or
 * `-c key=value`); cdk-nag's AwsSolutions rules check every synthesis.
 */
import { App, RemovalPolicy, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { enginesFromContext, MetaqStack, reflectorFromContext } from './stack';

const app = new App();
const context = (key: string) => app.node.tryGetContext(`metaq:${key}`);
const list = (value: unknown): string[] =>
  Array.isArray(value)
    ? value.map(String)
    : String(value ?? '')
        .split(',')
        .map((item) => item.trim())
        .filter(Boolean);

new MetaqStack(app, context('stackName') ?? 'Metaq', {
  description: 'metaq: an engine of its own for every SQL query',
  env: { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION },
  prefix: context('prefix'),
  resultsRetentionDays: context('resultsRetentionDays') ? Number(context('resultsRetentionDays')) : undefined,
  dataBuckets: list(context('dataBuckets')),
  outputBuckets: list(context('outputBuckets')),
  engines: enginesFromContext(context('engines')),
  removalPolicy: context('removalPolicy') === 'destroy' ? RemovalPolicy.DESTROY : RemovalPolicy.RETAIN,
  reflector: reflectorFromContext(context('reflector'), context('reflectorPort')),
});
Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }));
