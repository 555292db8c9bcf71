/** `metaq query`: one query through the state machine, with progress, a result table and a summary. */
import { existsSync } from 'node:fs';
import type { QueryReport } from '../history/types';
import { newQueryId, runLocalQuery } from '../local/run-query';
import type { LocalRuntime } from '../local/runtime';
import type { EventLog } from '../local/statemachine';
import { uploadTable } from '../local/upload';
import { formatOf } from '../plan/catalog';
import type { Format } from '../plan/types';
import { tearDownOnInterrupt } from './interrupt';
import { progressPrinter } from './progress';
import { runViaServe, withServeOrRuntime } from './remote';
import { bytes, duration, table, usd } from './render';
import { ensureDuckdb } from './runtime';

export interface QueryOptions {
  engine?: string;
  workers?: number;
  spares?: number;
  memory?: number;
  table?: string[];
  format?: string;
  output?: string;
  timeout?: number;
  json?: boolean;
}

export async function queryCommand(sql: string, options: QueryOptions): Promise<number> {
  await ensureDuckdb();
  return withServeOrRuntime(async (serve, runtime) => {
    const input = {
      sql,
      engine: options.engine,
      workers: options.workers,
      spares: options.spares,
      memoryMb: options.memory,
      tables: await tableOptions(options.table ?? []),
      output:
        options.format || options.output ? { format: options.format, location: options.output } : undefined,
      // 0 is a value the optimizer refuses, not "no timeout given".
      limits: options.timeout === undefined ? undefined : { timeoutSeconds: options.timeout },
    };
    const onEvent = options.json ? undefined : progressPrinter();
    if (serve) return printReport(await runViaServe(serve, input, onEvent), options);
    const queryId = newQueryId();
    const release = tearDownOnInterrupt(queryId);
    const report = await runLocalQuery(input, {
      queryId,
      onEvent: (event) => {
        loadS3WhileWorkersStart(event, runtime);
        onEvent?.(event);
      },
    });
    release();
    return printReport(report, options);
  });
}

/**
 * The local S3 loads at its first request (src/local/servers.ts), which would be the worker's
 * result, on the query's path: it loads instead once the workers are launched, while this process
 * only waits for them to start.
 */
function loadS3WhileWorkersStart(event: EventLog, runtime?: LocalRuntime): void {
  if (event.type === 'StateExited' && 'state' in event && event.state.name === 'Provision')
    void runtime?.loadS3().catch(() => undefined); // a failure shows at the first request
}

function printReport(report: QueryReport, options: QueryOptions): number {
  if (options.json) process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  else process.stdout.write(`${describeReport(report)}\n`);
  return report.status === 'SUCCEEDED' ? 0 : 1;
}

/** `--table name=location[:format]`; a local path is uploaded into the local data bucket first. */
async function tableOptions(
  specs: string[],
): Promise<Record<string, { location: string; format: Format | undefined }>> {
  const tables: Record<string, { location: string; format: Format | undefined }> = {};
  for (const spec of specs) {
    const match = /^([^=]+)=(.+?)(?::(parquet|csv|json))?$/.exec(spec);
    if (!match) throw new Error(`--table ${spec}: write --table name=location[:format]`);
    const [, name, where, format] = match;
    if (!where.startsWith('s3://') && !existsSync(where))
      throw new Error(
        `--table ${spec}: there is no file or folder ${where} (a local path is uploaded to the local S3; an s3:// URL is read where it is)`,
      );
    const location = where.startsWith('s3://') ? where : (await uploadTable(name, where)).location;
    tables[name] = { location, format: (format as Format | undefined) ?? formatOf(where) };
  }
  return tables;
}

export function describeReport(report: QueryReport): string {
  const lines: string[] = [];
  if (report.result?.preview.length) {
    const names = report.result.columns.map((column) => column.name);
    lines.push(
      table(
        names,
        report.result.preview.map((row) => Object.values(row)),
      ),
    );
  }
  const t = report.timings;
  const startup = (t.provisionMs ?? 0) + (t.rendezvousMs ?? 0) + (t.startMs ?? 0);
  if (report.status === 'SUCCEEDED' && report.result) {
    const shown =
      report.result.preview.length < report.result.rows
        ? ` (first ${report.result.preview.length} shown)`
        : '';
    lines.push(
      `${report.result.rows} row(s)${shown} · ${duration(t.totalMs)} total · engine start ${duration(startup)} · ` +
        `query ${duration(t.queryMs)} · ${usd(report.cost?.usd)} · ${bytes(report.result.bytes)} at ${report.result.location}`,
    );
    if (report.result.previewNote) lines.push(report.result.previewNote);
  } else {
    lines.push(`${report.status} ${report.error?.name}: ${report.error?.message}`);
  }
  lines.push(`query id ${report.queryId} (metaq show ${report.queryId})`);
  return lines.join('\n');
}
