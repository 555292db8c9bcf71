/**
 * The SQL Gateway's REST API: a session per query, a statement per call, its operation polled
 * until it ends, its rows fetched page by page as JSON. DML runs synchronously (`table.dml-sync`),
 * so an INSERT's operation ends when its job does. Flink's own reason for a failure is the last
 * `Caused by:` of the exception the gateway returns (with the one above it when the last is bare).
 */
import { FlinkQueryFailed } from './errors';

export interface FlinkColumn {
  name: string;
  logicalType: { type: string; precision?: number; scale?: number; length?: number; nullable?: boolean };
}

export interface FlinkAnswer {
  columns: FlinkColumn[];
  rows: unknown[][];
}

interface ResultPage {
  resultType: 'PAYLOAD' | 'NOT_READY' | 'EOS';
  results?: { columns?: FlinkColumn[]; data?: { kind: string; fields: unknown[] }[] };
  nextResultUri?: string;
}

async function call<T>(url: string, body?: unknown, timeoutMs = 30_000): Promise<T> {
  const response = await fetch(url, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(timeoutMs),
  });
  const text = await response.text();
  if (!response.ok) throw new FlinkQueryFailed(flinkReason(text, response.status));
  return JSON.parse(text) as T;
}

/** An exception's line that is only its class (`java.lang.IllegalArgumentException`): no message of its own. */
const bare = (line: string) => /^[\w.$]+$/.test(line.trim());

/**
 * The engine's own words out of the gateway's error body: its deepest cause, first line. A deepest
 * cause with no message (java.sql.Date.valueOf throws a bare IllegalArgumentException) tells the
 * user nothing alone: it comes with the nearest cause above it that has words (what Flink was
 * doing: "Fail to deserialize at field: d.") and its own first frame (what threw it).
 */
export function flinkReason(body: string, status: number): string {
  let errors: string[] = [];
  try {
    errors = (JSON.parse(body) as { errors?: string[] }).errors ?? [];
  } catch {
    return `flink answered HTTP ${status}: ${body.slice(0, 500)}`;
  }
  const text = errors.join('\n');
  const causes = [...text.matchAll(/Caused by: ([^\n]+)(?:\n\s+at ([^\n]+))?/g)].map(([, line, frame]) => ({
    line,
    frame,
  }));
  const deepest = causes.at(-1);
  if (deepest && bare(deepest.line)) {
    const thrown = `${deepest.line.trim()}${deepest.frame ? ` at ${deepest.frame.trim()}` : ''}`;
    const told = causes.findLast(({ line }) => !bare(line) && !bare(line.slice(line.indexOf(': ') + 2)));
    return (told ? `${told.line} (caused by ${thrown})` : thrown).slice(0, 1000);
  }
  const reason = deepest?.line ?? errors.find((error) => !error.startsWith('Internal server error')) ?? text;
  return withReservedWordHint(reason.split('\n')[0].slice(0, 1000));
}

/**
 * Flink's parser stops at a word its SQL reserves when a query uses it as a name (TPC-H Q11's
 * `AS value`, a column called `year`): the message only says where; this says how to write it.
 */
function withReservedWordHint(reason: string): string {
  const word = /ParseException: Encountered "(\w+)"/.exec(reason)?.[1];
  if (!word || !/^[a-z_]+$/i.test(word)) return reason;
  return `${reason} (if ${word} is a name there, Flink's SQL reserves it: write it quoted, \`${word}\`)`;
}

export class FlinkSession {
  private constructor(
    private readonly base: string,
    readonly handle: string,
  ) {}

  /** A session whose statements run in batch mode with these options. */
  static async open(base: string, properties: Record<string, string>): Promise<FlinkSession> {
    const opened = await call<{ sessionHandle: string }>(`${base}/v1/sessions`, {
      properties: { 'execution.runtime-mode': 'batch', 'table.dml-sync': 'true', ...properties },
    });
    return new FlinkSession(base, opened.sessionHandle);
  }

  /** Runs one statement to its end and returns all its rows. */
  async run(statement: string, executionConfig: Record<string, string> = {}): Promise<FlinkAnswer> {
    const path = `${this.base}/v1/sessions/${this.handle}`;
    const { operationHandle } = await call<{ operationHandle: string }>(`${path}/statements`, {
      statement,
      executionConfig,
    });
    const operation = `${path}/operations/${operationHandle}`;
    for (;;) {
      const { status } = await call<{ status: string }>(`${operation}/status`);
      if (!['INITIALIZED', 'PENDING', 'RUNNING'].includes(status)) break;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    const answer: FlinkAnswer = { columns: [], rows: [] };
    let next: string | undefined = `${operation}/result/0?rowFormat=JSON`;
    while (next) {
      const url = next.startsWith('/') ? `${this.base}${next}` : next;
      const page: ResultPage = await call<ResultPage>(
        url.includes('rowFormat') ? url : `${url}?rowFormat=JSON`,
      );
      if (page.results?.columns?.length) answer.columns = page.results.columns;
      for (const row of page.results?.data ?? []) answer.rows.push(row.fields);
      if (page.resultType === 'EOS') break;
      if (page.resultType === 'NOT_READY') await new Promise((resolve) => setTimeout(resolve, 100));
      next = page.nextResultUri;
    }
    return answer;
  }

  async close(): Promise<void> {
    await fetch(`${this.base}/v1/sessions/${this.handle}`, { method: 'DELETE' }).catch(() => undefined);
  }
}

/** How many TaskManagers have joined the JobManager (its REST API's overview). */
export async function taskManagers(restBase: string): Promise<number> {
  const overview = await call<{ taskmanagers: number }>(`${restBase}/overview`, undefined, 2000);
  return overview.taskmanagers;
}

export async function gatewayUp(base: string): Promise<boolean> {
  await call(`${base}/v1/info`, undefined, 2000);
  return true;
}
