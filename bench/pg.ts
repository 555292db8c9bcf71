/**
 * `npm run bench -- pg`: what the PostgreSQL protocol costs a query, side by side in one run. One
 * `metaq serve --pg-port` answers `SELECT 42` in turn to a connected node-postgres client, to a new
 * connection, and to a psql process; `metaq query --json` answers it as a whole command (its own
 * runtime, in a home of its own). Each metaq execution's own total comes from its history record,
 * so what the protocol adds is the client's wall time less the execution's.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { bin, startServeProcess } from '../test/serve/support';

const PASSWORD = 'bench';

export interface PgSample {
  way: 'pg-connected' | 'pg-new-connection' | 'psql' | 'metaq-query';
  wallMs: number;
  /** The execution's own total, from its history record. */
  executionMs?: number;
}

export async function runPgBench(repeat: number, folder: string, log: (line: string) => void): Promise<void> {
  const cwd = mkdtempSync(path.join(os.tmpdir(), 'metaq-bench-pg-'));
  const serve = await startServe(cwd);
  const client = new Client({ ...serve.connection, user: 'bench' });
  const samples: PgSample[] = [];
  try {
    await client.connect();
    const cliHome = path.join(cwd, 'cli-home');
    await metaqQuery(cliHome, 'SELECT 42 AS warm_up'); // installs nothing later runs pay for
    for (let run = 0; run < repeat; run++) {
      samples.push(await timed('pg-connected', () => client.query(`SELECT 42 AS connected_${run}`)));
      samples.push(
        await timed('pg-new-connection', async () => {
          const fresh = new Client({ ...serve.connection, user: 'bench' });
          await fresh.connect();
          await fresh.query(`SELECT 42 AS new_connection_${run}`);
          await fresh.end();
        }),
      );
      samples.push(await timed('psql', () => psql(serve.connection.port, `SELECT 42 AS psql_${run}`)));
      samples.push(await timed('metaq-query', () => metaqQuery(cliHome, `SELECT 42 AS cli_${run}`)));
      log(
        `run ${run + 1}/${repeat}: ${samples
          .slice(-4)
          .map((s) => `${s.way} ${s.wallMs} ms`)
          .join(', ')}`,
      );
    }
    const totals = await historyTotals(serve.home);
    for (const [i, sample] of samples.entries())
      if (sample.way !== 'metaq-query') sample.executionMs = totals.get(`${sample.way}:${Math.floor(i / 4)}`);
  } finally {
    await client.end().catch(() => undefined);
    serve.stop();
  }
  mkdirSync(folder, { recursive: true });
  writeFileSync(path.join(folder, 'results.json'), `${JSON.stringify({ repeat, samples }, null, 2)}\n`);
  writeFileSync(path.join(folder, 'summary.md'), summary(samples, repeat));
  log(`results in ${folder}`);
}

async function timed(way: PgSample['way'], work: () => Promise<unknown>): Promise<PgSample> {
  const start = performance.now();
  const out = await work();
  const sample: PgSample = { way, wallMs: Math.round(performance.now() - start) };
  if (way === 'metaq-query')
    sample.executionMs = (out as { timings?: { totalMs?: number } }).timings?.totalMs;
  return sample;
}

function summary(samples: PgSample[], repeat: number): string {
  const ways: PgSample['way'][] = ['pg-connected', 'pg-new-connection', 'psql', 'metaq-query'];
  const rows = ways.map((way) => {
    const of = samples.filter((sample) => sample.way === way);
    const wall = median(of.map((sample) => sample.wallMs));
    const execution = median(
      of.flatMap((sample) => (sample.executionMs === undefined ? [] : [sample.executionMs])),
    );
    const added = median(
      of.flatMap((sample) => (sample.executionMs === undefined ? [] : [sample.wallMs - sample.executionMs])),
    );
    return `| ${way} | ${wall} | ${execution} | ${added} |`;
  });
  return [
    `# SELECT 42 through the PostgreSQL protocol and through \`metaq query --json\` (${repeat} runs each, interleaved)`,
    '',
    'Medians in ms. "around the execution": the client\'s wall time less the execution\'s own total (its history record).',
    '',
    '| way | wall | execution | around the execution |',
    '|---|---|---|---|',
    ...rows,
    '',
  ].join('\n');
}

function median(values: number[]): number | string {
  if (values.length === 0) return '–';
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : Math.round((sorted[middle - 1] + sorted[middle]) / 2);
}

/** Totals of the serve's executions by the column name each query gave its answer (`<way>_<run>`). */
async function historyTotals(home: string): Promise<Map<string, number>> {
  const { stdout } = await run(process.execPath, [bin, 'history', '--json', '--limit', '1000'], home);
  const totals = new Map<string, number>();
  for (const entry of JSON.parse(stdout) as { sql: string; totalMs?: number }[]) {
    const match = /AS (connected|new_connection|psql)_(\d+)$/.exec(entry.sql);
    const total = entry.totalMs;
    if (!match || total === undefined) continue;
    const way = { connected: 'pg-connected', new_connection: 'pg-new-connection', psql: 'psql' }[match[1]];
    totals.set(`${way}:${match[2]}`, total);
  }
  return totals;
}

async function metaqQuery(home: string, sql: string): Promise<unknown> {
  const { stdout } = await run(process.execPath, [bin, 'query', sql, '--json'], home);
  return JSON.parse(stdout);
}

function psql(port: number, sql: string): Promise<unknown> {
  return run('psql', [`postgresql://bench@127.0.0.1:${port}/metaq`, '-X', '-A', '-t', '-c', sql], undefined, {
    PGPASSWORD: PASSWORD,
  });
}

function run(
  command: string,
  args: string[],
  home?: string,
  env: Record<string, string> = {},
): Promise<{ stdout: string }> {
  return new Promise((resolve, reject) => {
    execFile(
      command,
      args,
      { env: { ...process.env, ...(home ? { METAQ_HOME: home } : {}), ...env }, maxBuffer: 64 << 20 },
      (error, stdout, stderr) =>
        error ? reject(new Error(`${command} failed: ${stderr}`)) : resolve({ stdout }),
    );
  });
}

async function startServe(cwd: string): Promise<Serve> {
  const serve = await startServeProcess(['--pg-port', '0'], cwd, { METAQ_PG_PASSWORD: PASSWORD });
  const port = Number(/PostgreSQL +127\.0\.0\.1:(\d+)/.exec(serve.output())?.[1]);
  return {
    home: serve.home,
    connection: { host: '127.0.0.1', port, database: 'metaq', password: PASSWORD },
    stop: () => void serve.stop(),
  };
}

interface Serve {
  home: string;
  connection: { host: string; port: number; database: string; password: string };
  stop(): void;
}
