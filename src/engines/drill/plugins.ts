/**
 * Drill's storage plugins for one query, written to storage-plugins-override.conf so that they
 * exist when the drillbits start (no REST call before the first query): one s3a plugin per bucket
 * the query reads or writes, and a local `metaq` plugin that holds the tables' views.
 */
import { parseS3Url } from '../../aws/s3-url';
import type { Plan } from '../../plan/types';
import { s3aProperties } from '../jvm/s3a';
import type { S3Access } from '../types';
import { type CsvColumnType, castColumn } from './csv-types';
import { InvalidDrillTarget } from './errors';

export const VIEWS_SCHEMA = 'metaq';
export const OUTPUT_WORKSPACE = 'out';

const formats = {
  parquet: { type: 'parquet' },
  json: { type: 'json', extensions: ['json'] },
  csv: {
    type: 'text',
    extensions: ['csv'],
    lineDelimiter: '\n',
    fieldDelimiter: ',',
    quote: '"',
    escape: '"',
    extractHeader: true,
  },
};

/** Every bucket of the plan, in a stable order, named `s3_<n>` as a Drill plugin. */
export function bucketPlugins(plan: Pick<Plan, 'tables' | 'output'>): Map<string, string> {
  const buckets = [...Object.values(plan.tables).map((table) => table.location), plan.output.location]
    .map((location) => parseS3Url(location)?.bucket)
    .filter((bucket): bucket is string => Boolean(bucket));
  return new Map([...new Set(buckets)].sort().map((bucket, i) => [bucket, `s3_${i}`]));
}

/**
 * S3A for Drill's plugins (jvm/s3a.ts), the credentials with them: the plugin configuration is a
 * file readable by the worker only, and user SQL cannot read it (Drill's gate). Drill's
 * hadoop-aws 3.3 (AWS SDK v1) sends an unsigned payload: s3rver keeps aws-chunked framing otherwise.
 */
export function s3aConfig(s3: S3Access): Record<string, string> {
  const { settings, credentials } = s3aProperties(s3, 'AWS4UnsignedPayloadSignerType');
  return { ...settings, ...credentials };
}

const workspace = (location: string, writable: boolean) => ({
  location,
  writable,
  defaultInputFormat: null,
  allowAccessOutsideWorkspace: false,
});

export function storagePlugins(
  plan: Pick<Plan, 'tables' | 'output'>,
  s3: S3Access,
  viewsDir: string,
): Record<string, unknown> {
  const output = outputTarget(plan.output.location);
  const plugins: Record<string, unknown> = {};
  for (const [bucket, name] of bucketPlugins(plan)) {
    const workspaces: Record<string, unknown> = { root: workspace('/', false) };
    if (bucket === output.bucket) workspaces[OUTPUT_WORKSPACE] = workspace(output.workspace, true);
    plugins[name] = {
      type: 'file',
      connection: `s3a://${bucket}`,
      enabled: true,
      config: s3aConfig(s3),
      workspaces,
      formats,
    };
  }
  // Views live on the head's disk: only the drillbit that plans a query expands them. Its default
  // workspace is the views folder, so the plugin cannot read the rest of the file system.
  plugins[VIEWS_SCHEMA] = {
    type: 'file',
    connection: 'file:///',
    enabled: true,
    workspaces: { default: workspace(viewsDir, true) },
    formats: {},
  };
  // Drill's stock plugins for the local file system and the classpath (where the configuration
  // files are): user SQL has no business there.
  plugins.dfs = { type: 'file', connection: 'file:///', enabled: false, workspaces: {}, formats: {} };
  plugins.cp = { type: 'file', connection: 'classpath:///', enabled: false, workspaces: {}, formats: {} };
  return plugins;
}

const ident = (name: string) => {
  if (name.includes('`')) throw new InvalidDrillTarget(`drill cannot name ${name}: it contains a backtick`);
  return `\`${name}\``;
};

/** Where a table's files are, as Drill names them: `<bucket plugin>.root.`<key>``. */
export function tableSource(plan: Pick<Plan, 'tables' | 'output'>, name: string): string {
  const table = plan.tables[name];
  const where = table ? parseS3Url(table.location) : undefined;
  if (!where) throw new InvalidDrillTarget(`table ${name}: ${table?.location} is not an s3:// URL`);
  return `${bucketPlugins(plan).get(where.bucket)}.root.${ident(where.key.replace(/\/+$/, ''))}`;
}

/**
 * A view per table, so that the user's `FROM lineitem` resolves with `metaq` as the default schema:
 * Drill's own name resolution, no rewriting of the user's SQL. The columns are listed: over
 * `SELECT *` Drill knows no column names while planning, and every unqualified column in a join
 * would be ambiguous. Over a CSV table, `types` casts the text Drill reads (csv-types.ts).
 */
export function tableView(
  name: string,
  source: string,
  columns: string[],
  types: Record<string, CsvColumnType> = {},
): string {
  const list = columns.length
    ? columns.map((column) => castColumn(ident(column), types[column])).join(', ')
    : '*';
  return `CREATE OR REPLACE VIEW ${VIEWS_SCHEMA}.${ident(name)} AS SELECT ${list} FROM ${source}`;
}

/** CTAS into the output folder: `store.format` picks the writer. */
export function createResult(plan: Pick<Plan, 'tables' | 'output'>, sql: string): string {
  const query = sql.trim().replace(/;+\s*$/, '');
  return `CREATE TABLE ${resultTable(plan)} AS ${query}`;
}

export function resultTable(plan: Pick<Plan, 'tables' | 'output'>): string {
  const output = outputTarget(plan.output.location);
  return `${bucketPlugins(plan).get(output.bucket)}.${OUTPUT_WORKSPACE}.${ident(output.table)}`;
}

/** The output folder as a writable workspace (its parent) and a table name (its last segment). */
export function outputTarget(location: string): { bucket: string; workspace: string; table: string } {
  const where = parseS3Url(location);
  const segments = where?.key.split('/').filter(Boolean) ?? [];
  if (!where || segments.length < 2)
    throw new InvalidDrillTarget(
      `drill writes results into a folder below another one, like s3://bucket/results/<id>/; got ${location}`,
    );
  return {
    bucket: where.bucket,
    workspace: `/${segments.slice(0, -1).join('/')}`,
    table: segments.at(-1) ?? '',
  };
}
