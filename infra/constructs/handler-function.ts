/**
 * One metaq handler as a Lambda function: bundled locally with esbuild from infra/lambda/entries.ts
 * (no Docker), Node.js 22 on arm64, its own log group and a role that can write only to it.
 */
import path from 'node:path';
import { type Duration, IgnoreMode, RemovalPolicy } from 'aws-cdk-lib';
import * as ecrAssets from 'aws-cdk-lib/aws-ecr-assets';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as nodejs from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { HANDLER_MEMORY_MB } from '../../src/plan/cost';

export const projectRoot = path.resolve(__dirname, '../..');

/**
 * How an image under images/ is built from the repository root: arm64 like the functions, and with
 * only what it needs in its context (the source, the handlers, the images and the lock file).
 */
export function imageAsset(dockerfile: string) {
  return {
    file: dockerfile,
    platform: ecrAssets.Platform.LINUX_ARM64,
    ignoreMode: IgnoreMode.DOCKER,
    exclude: ['*', '!src', '!handlers', '!images', '!package.json', '!package-lock.json', '!tsconfig.json'],
  };
}
const entry = path.join(projectRoot, 'infra/lambda/entries.ts');

export interface HandlerFunctionProps {
  /** The export of infra/lambda/entries.ts. */
  readonly handler: string;
  readonly description: string;
  readonly timeout: Duration;
  readonly environment: Record<string, string>;
  /** What the handler may do besides writing its logs. */
  readonly statements: iam.PolicyStatement[];
  /** @default HANDLER_MEMORY_MB (the cost model's figure) */
  readonly memorySize?: number;
  /** @default logs.RetentionDays.ONE_MONTH */
  readonly logRetention?: logs.RetentionDays;
}

export class HandlerFunction extends Construct {
  public readonly function: nodejs.NodejsFunction;
  public readonly role: iam.Role;

  constructor(scope: Construct, id: string, props: HandlerFunctionProps) {
    super(scope, id);
    const logGroup = new logs.LogGroup(this, 'Logs', {
      retention: props.logRetention ?? logs.RetentionDays.ONE_MONTH,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: `metaq ${props.handler}: ${props.description}`,
    });
    this.role.addToPolicy(
      new iam.PolicyStatement({
        actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        resources: [logGroup.logGroupArn],
      }),
    );
    for (const statement of props.statements) this.role.addToPolicy(statement);
    this.function = new nodejs.NodejsFunction(this, 'Function', {
      entry,
      handler: props.handler,
      description: props.description,
      projectRoot,
      depsLockFilePath: path.join(projectRoot, 'package-lock.json'),
      runtime: lambda.Runtime.NODEJS_22_X,
      architecture: lambda.Architecture.ARM_64,
      memorySize: props.memorySize ?? HANDLER_MEMORY_MB,
      timeout: props.timeout,
      role: this.role,
      logGroup,
      loggingFormat: lambda.LoggingFormat.JSON,
      environment: props.environment,
      bundling: {
        // The SDK is bundled (the version the tests ran); DuckDB runs only on workers, tsx only locally.
        externalModules: ['@duckdb/node-api', 'tsx'],
        minify: true,
        sourceMap: true,
        target: 'node22',
        forceDockerBundling: false,
      },
    });
  }
}
