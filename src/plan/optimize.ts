/**
 * The meta-system optimizer: completes the user's input into a plan. What the user fixes it keeps;
 * what the user leaves out it chooses. Bad input stops here, before anything is launched.
 */

import { parseS3Url } from '../aws/s3-url';
import { settings } from '../config';
import { EngineNotInstalled } from '../engines/errors';
import { engine, engineTraits } from '../engines/registry';
import { updateRecord } from '../history/store';
import { getTable, listTables } from './catalog';
import { assertDecimalsExact } from './decimal-check';
import { columnsOf } from './describe';
import { InvalidQueryInput } from './errors';
import { parseQueryInput, type QueryInput } from './input';
import { assertJoinsPlannable } from './join-check';
import { measureTable } from './measure';
import { placeQuery } from './placement';
import { assertConfig, assertOneStatement, assertOnlyItsTables } from './query-gate';
import { referencedTables } from './referenced-tables';
import type { Plan, PlatformName, TableRef } from './types';

export interface OptimizeRequest {
  input: unknown;
  queryId: string;
  startedAt: string;
}

export async function optimize({ input: raw, queryId, startedAt }: OptimizeRequest): Promise<Plan> {
  const input = parseQueryInput(raw);
  const tables = await resolveTables(input);
  const inputBytes = Object.values(tables).reduce((sum, table) => sum + (table.bytes ?? 0), 0);
  assertPlatformHere(input.platform ?? defaultPlatform());
  const output = outputOf(input, queryId);
  const { platform, limits, sizing } = placeQuery(
    { ...input, inputBytes, defaultPlatform: defaultPlatform(), lambdaOverlay: settings().lambdaOverlay },
    engineTraits,
  );
  if (engineTraits(sizing.engine).needsColumns) await describeTables(tables);
  assertOneStatement(input.sql, sizing.engine, engineTraits(sizing.engine));
  assertConfig(input.config, sizing.engine, engineTraits(sizing.engine));
  assertDecimalsExact(input.sql, tables, sizing.engine);
  assertJoinsPlannable(input.sql, tables, sizing.engine);
  // Local workers run the engine installed on this machine: a missing one fails here, not at start.
  if (platform === 'local' && !engine(sizing.engine).install.installed(settings().enginesDir))
    throw new EngineNotInstalled(sizing.engine, settings().enginesDir);
  const plan: Plan = {
    queryId,
    sql: input.sql,
    engine: sizing.engine,
    platform,
    workers: sizing.workers,
    spares: sizing.spares,
    memoryMb: sizing.memoryMb,
    config: input.config,
    tables,
    output,
    limits,
    tags: input.tags,
    reasons: sizing.reasons,
    createdAt: startedAt,
  };
  await updateRecord(queryId, { plan, engine: plan.engine });
  return plan;
}

/** Tables without their columns (given with the query, or registered before columns were kept) get them. */
async function describeTables(tables: Record<string, TableRef>): Promise<void> {
  for (const [name, table] of Object.entries(tables))
    table.columns ??= await columnsOf(`tables.${name}`, table);
}

function defaultPlatform(): PlatformName {
  return settings().defaultPlatform as PlatformName;
}

/** Local workers are processes beside the metaq process: there is no such machine on AWS. */
function assertPlatformHere(platform: PlatformName): void {
  if (platform === 'local' && settings().onLambda)
    throw new InvalidQueryInput(
      'platform',
      'local workers run on the machine of the metaq process, and this one is an AWS Lambda function',
      'Choose platform lambda or ecs, or leave it out',
    );
}

/** Where the result goes: a folder of the results bucket unless given, in a bucket the stack writes. */
function outputOf(input: QueryInput, queryId: string): Plan['output'] {
  const { resultsBucket, outputBuckets } = settings();
  const location = input.output.location ?? `s3://${resultsBucket}/results/${queryId}/`;
  const bucket = parseS3Url(location)?.bucket ?? '';
  if (outputBuckets && !outputBuckets.includes(bucket))
    throw new InvalidQueryInput(
      'output.location',
      `workers may write only to ${outputBuckets.map((name) => `s3://${name}/`).join(', ')}, not to s3://${bucket}/`,
      'Choose a folder in one of them, or deploy the stack with the bucket in metaq:outputBuckets',
    );
  return { format: input.output.format, location };
}

/** The tables the query reads: those given with the input first, then the catalog's. */
async function resolveTables(input: QueryInput): Promise<Record<string, TableRef>> {
  const given = Object.fromEntries(
    Object.entries(input.tables).map(([name, table]) => [name.toLowerCase(), table]),
  );
  let references = referencedTables(input.sql, Object.keys(given));
  assertOnlyItsTables(references);
  if (!references.exact) {
    const catalog = (await listTables()).map((entry) => entry.name);
    references = referencedTables(input.sql, [...Object.keys(given), ...catalog]);
  }
  const resolved: Record<string, TableRef> = {};
  for (const name of new Set([...Object.keys(given), ...references.names])) {
    const table = given[name];
    if (table) {
      resolved[name] = { ...table, ...(await measureTable(`tables.${name}`, table.location, table.format)) };
      continue;
    }
    const entry = await getTable(name);
    if (!entry) {
      throw new InvalidQueryInput(
        'sql',
        `the query reads table "${name}", which is neither in the catalog nor in "tables"`,
        `Register it (metaq tables add ${name} <path-or-s3-url>) or pass it with --table ${name}=s3://...`,
      );
    }
    resolved[name] = {
      location: entry.location,
      format: entry.format,
      bytes: entry.bytes,
      files: entry.files,
      columns: entry.columns,
    };
  }
  return resolved;
}
