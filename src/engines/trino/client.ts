/**
 * Trino's client protocol (REST): a statement is POSTed, its answer is followed page by page
 * through `nextUri` until there is none. Each page is short (Trino answers within a second even
 * while a query runs), so plain fetch serves.
 */
import { TrinoQueryFailed } from './errors';

export interface TrinoAnswer {
  columns: { name: string; type: string }[];
  rows: unknown[][];
}

export interface StatementOptions {
  /** Session properties for this statement (`hive.compression_codec`, `task_max_writer_count`, ...). */
  session?: Record<string, string | number | boolean>;
  /** Who runs it: user SQL and everything around it runs as `metaq`; readiness as ENGINE_USER. */
  user?: string;
}

/** The user of metaq's own look at the cluster's nodes (access control lets it read just that). */
export const ENGINE_USER = 'metaq_engine';

interface Page {
  nextUri?: string;
  columns?: { name: string; type: string }[];
  data?: unknown[][];
  error?: { message: string; errorName?: string };
}

/** Runs one statement as metaq's user, in the query's schema, and returns all its rows. */
export async function runStatement(
  base: string,
  sql: string,
  { session = {}, user = 'metaq' }: StatementOptions = {},
  schema = { catalog: 'hive', schema: 'metaq' },
): Promise<TrinoAnswer> {
  const headers: Record<string, string> = {
    'X-Trino-User': user,
    'X-Trino-Catalog': schema.catalog,
    'X-Trino-Schema': schema.schema,
  };
  const properties = Object.entries(session).map(
    ([key, value]) => `${key}=${encodeURIComponent(String(value))}`,
  );
  if (properties.length > 0) headers['X-Trino-Session'] = properties.join(',');
  let page = await call(`${base}/v1/statement`, { method: 'POST', body: sql, headers });
  const answer: TrinoAnswer = { columns: [], rows: [] };
  for (;;) {
    if (page.error)
      throw new TrinoQueryFailed(firstLine(page.error.message, page.error.errorName), page.error.errorName);
    if (page.columns) answer.columns = page.columns.map(({ name, type }) => ({ name, type }));
    if (page.data) answer.rows.push(...page.data);
    if (!page.nextUri) return answer;
    page = await call(page.nextUri, { headers: { 'X-Trino-User': user } });
  }
}

async function call(url: string, init: RequestInit): Promise<Page> {
  const response = await fetch(url, { ...init, signal: AbortSignal.timeout(120_000) });
  const text = await response.text();
  try {
    return JSON.parse(text) as Page;
  } catch {
    throw new TrinoQueryFailed(`trino answered HTTP ${response.status}: ${text.slice(0, 500)}`);
  }
}

const firstLine = (message: string, name?: string) =>
  `${name ? `${name}: ` : ''}${message.split('\n')[0].slice(0, 1000)}`;

/** The node's state: `starting` until it takes queries. */
export async function nodeInfo(base: string): Promise<{ starting: boolean; coordinator: boolean }> {
  const response = await fetch(`${base}/v1/info`, { signal: AbortSignal.timeout(2000) });
  if (!response.ok) throw new Error(`${base}/v1/info: HTTP ${response.status}`);
  return (await response.json()) as { starting: boolean; coordinator: boolean };
}

/**
 * The nodes the coordinator schedules on, itself included: from Trino's own node table, which is
 * the scheduler's view (a node answering /v1/info may not be in it yet: NO_NODES_AVAILABLE).
 */
export async function activeNodes(base: string): Promise<number> {
  const answer = await runStatement(
    base,
    "SELECT count(*) FROM system.runtime.nodes WHERE state = 'active'",
    {
      user: ENGINE_USER,
    },
  );
  return Number(answer.rows[0]?.[0] ?? 0);
}

/**
 * Runs a statement again while Trino answers NO_NODES_AVAILABLE and it wrote nothing. The node
 * table readiness reads is not the scheduler's whole view: a catalog's nodes come from each node's
 * discovery announcement, refreshed every few seconds, and in CI a CTAS on a node counted active
 * failed so, before any task ran (2 of 4 Trino cases of one run). Never retried once anything was
 * written: the result's files must be this statement's alone.
 */
export async function whenScheduled<T>(
  run: () => Promise<T>,
  wroteNothing: () => Promise<boolean>,
  limitMs = 30_000,
): Promise<T> {
  const deadline = Date.now() + limitMs;
  for (;;) {
    try {
      return await run();
    } catch (error) {
      const noNodes = error instanceof TrinoQueryFailed && error.errorName === 'NO_NODES_AVAILABLE';
      if (!noNodes || Date.now() >= deadline || !(await wroteNothing())) throw error;
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
  }
}
