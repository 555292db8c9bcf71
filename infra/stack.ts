/**
 * The metaq stack: the same state machine and handlers as the embedded default, on AWS. Built from
 * one construct per concern: data, workers, the reflector (opt-in), workflow, schedules, api.
 */
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { CfnOutput, type RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import type * as logs from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import { parseS3Url } from '../src/aws/s3-url';
import { type EngineName, engineNames } from '../src/plan/types';
import { loadSchedules, type Schedule } from '../src/schedules/config';
import { acknowledgeFindings } from './acknowledgements';
import { bucketArn } from './constructs/access';
import { Api } from './constructs/api';
import { Data } from './constructs/data';
import { projectRoot } from './constructs/handler-function';
import { Reflector } from './constructs/reflector';
import { Schedules } from './constructs/schedules';
import { Workers } from './constructs/workers';
import { Workflow } from './constructs/workflow';

export interface MetaqStackProps extends StackProps {
  /** Prefix of resource names (tables, state machine, API). @default 'metaq' */
  readonly prefix?: string;
  /** Days results are kept. @default 30 */
  readonly resultsRetentionDays?: number;
  /** Buckets (names) the queries may read tables from, besides the results bucket. @default none */
  readonly dataBuckets?: string[];
  /** Buckets (names) queries may write their results to, besides the results bucket and schedules' own. @default none */
  readonly outputBuckets?: string[];
  /** Scheduled reports. @default the files in schedules/ */
  readonly schedules?: Schedule[];
  /** Engines with a worker image. @default those with images/<engine>/Dockerfile */
  readonly engines?: EngineName[];
  /** @default RemovalPolicy.RETAIN (tables and the results bucket outlive the stack) */
  readonly removalPolicy?: RemovalPolicy;
  /** @default logs.RetentionDays.ONE_MONTH */
  readonly logRetention?: logs.RetentionDays;
  /**
   * Run the overlay's reflector (docs/overlay.md), an always-on Fargate task (≈ $11 a month), so
   * that distributed engines run on Lambda too; `port` is where it listens (default 3478).
   * @default false: distributed engines run on ECS only
   */
  readonly reflector?: boolean | { readonly port?: number };
}

export function enginesWithImages(imagesDir = path.join(projectRoot, 'images')): EngineName[] {
  const folders = existsSync(imagesDir) ? readdirSync(imagesDir) : [];
  return engineNames.filter(
    (engine) => folders.includes(engine) && existsSync(path.join(imagesDir, engine, 'Dockerfile')),
  );
}

/**
 * The engines `cdk deploy` builds images for, from the `metaq:engines` context (names, comma
 * separated, or `all`): DuckDB alone unless asked, since every image is a Docker build and a push.
 */
export function enginesFromContext(value: unknown, withImages = enginesWithImages()): EngineName[] {
  const asked = (Array.isArray(value) ? value.map(String) : String(value ?? '').split(','))
    .map((name) => name.trim())
    .filter(Boolean);
  if (asked.length === 0) return ['duckdb'];
  if (asked.length === 1 && asked[0] === 'all') return withImages;
  for (const name of asked)
    if (!withImages.includes(name as EngineName))
      throw new Error(
        `metaq:engines: "${name}" is not an engine with an image; give some of ${withImages.join(', ')}, or all`,
      );
  return [...new Set(asked)] as EngineName[];
}

/** The `metaq:reflector` context (`on` or `off`, the default) and `metaq:reflectorPort`. */
export function reflectorFromContext(value: unknown, port: unknown): MetaqStackProps['reflector'] {
  const word = String(value ?? 'off')
    .trim()
    .toLowerCase();
  if (['off', 'false', ''].includes(word)) return false;
  if (!['on', 'true'].includes(word))
    throw new Error(
      `metaq:reflector: "${value}" is neither on nor off; give on to run distributed engines on Lambda`,
    );
  return port === undefined || port === '' ? true : { port: Number(port) };
}

export class MetaqStack extends Stack {
  public readonly data: Data;
  public readonly workers: Workers;
  public readonly reflector?: Reflector;
  public readonly workflow: Workflow;
  public readonly schedules: Schedules;
  public readonly api: Api;

  constructor(scope: Construct, id: string, props: MetaqStackProps = {}) {
    super(scope, id, props);
    const prefix = props.prefix ?? 'metaq';
    if (!/^[a-z][a-z0-9-]{0,30}$/.test(prefix)) {
      throw new Error(
        `prefix must be lower-case letters, digits and -, starting with a letter (got "${prefix}")`,
      );
    }
    const schedules = props.schedules ?? loadSchedules(path.join(projectRoot, 'schedules'));
    const logRetention = props.logRetention;

    this.data = new Data(this, 'Data', {
      prefix,
      resultsRetentionDays: props.resultsRetentionDays,
      removalPolicy: props.removalPolicy,
    });
    const results = this.data.results.bucketArn;
    const outputBuckets = [
      ...new Set([
        ...schedules.map((s) => parseS3Url(s.output.location)?.bucket ?? ''),
        ...(props.outputBuckets ?? []),
      ]),
    ].filter(Boolean);
    const readBuckets = [results, ...(props.dataBuckets ?? []).map(bucketArn)];
    const writeBuckets = [results, ...outputBuckets.map(bucketArn)];

    this.workers = new Workers(this, 'Workers', {
      engines: props.engines ?? enginesWithImages(),
      sessions: this.data.sessions,
      readBuckets,
      writeBuckets,
      logRetention,
      lambdaOverlay: Boolean(props.reflector),
    });
    if (props.reflector) {
      this.reflector = new Reflector(this, 'Reflector', {
        vpc: this.workers.vpc,
        cluster: this.workers.cluster,
        sessions: this.data.sessions,
        port: typeof props.reflector === 'object' ? props.reflector.port : undefined,
        logRetention,
      });
    }
    const environment = {
      METAQ_SESSIONS_TABLE: this.data.sessions.tableName,
      METAQ_QUERIES_TABLE: this.data.queries.tableName,
      METAQ_CATALOG_TABLE: this.data.catalog.tableName,
      METAQ_RESULTS_BUCKET: this.data.results.bucketName,
      METAQ_DEFAULT_PLATFORM: 'lambda',
      // What the workers may write (bucketCommit): Optimize refuses another output location.
      METAQ_OUTPUT_BUCKETS: [this.data.results.bucketName, ...outputBuckets].join(','),
      METAQ_POLL_MS: '100',
      ...this.workers.launchEnvironment,
    };
    this.workflow = new Workflow(this, 'Workflow', {
      prefix,
      sessions: this.data.sessions,
      queries: this.data.queries,
      catalog: this.data.catalog,
      environment,
      readBuckets,
      writeBuckets,
      launchStatements: this.workers.launchStatements(),
      stopStatements: this.workers.stopStatements(),
      logRetention,
    });
    this.schedules = new Schedules(this, 'Schedules', {
      prefix,
      stateMachine: this.workflow.stateMachine,
      schedules,
    });
    this.api = new Api(this, 'Api', {
      prefix,
      stateMachine: this.workflow.stateMachine,
      queries: this.data.queries,
      environment,
      logRetention,
    });

    acknowledgeFindings(this, readBuckets, writeBuckets);

    new CfnOutput(this, 'StateMachineArn', { value: this.workflow.stateMachine.stateMachineArn });
    new CfnOutput(this, 'ApiUrl', { value: this.api.restApi.url });
    new CfnOutput(this, 'QueriesTable', { value: this.data.queries.tableName });
    new CfnOutput(this, 'ResultsBucket', { value: this.data.results.bucketName });
  }
}
