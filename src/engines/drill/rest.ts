/**
 * Drill's own REST API: cluster state, queries, and the profile that holds a failed query's
 * error (a failed `/query.json` answers only `queryState: FAILED`).
 */
import { request } from 'node:http';
import { connect } from 'node:net';
import { getJson } from '../processes';
import { DrillQueryFailed } from './errors';
import { failureReason } from './failure';

export interface DrillAnswer {
  queryId?: string;
  queryState?: string;
  columns?: string[];
  metadata?: string[];
  rows?: Record<string, unknown>[];
  errorMessage?: string;
}

interface ClusterState {
  drillbits?: { address: string; httpPort: string; state: string }[];
}

/** The drillbits /cluster.json lists as ONLINE, as `address:httpPort`. */
export async function onlineDrillbits(base: string): Promise<string[]> {
  const cluster = await getJson<ClusterState>(`${base}/cluster.json`);
  return (cluster.drillbits ?? [])
    .filter((bit) => bit.state === 'ONLINE')
    .map((bit) => `${bit.address}:${bit.httpPort}`);
}

/**
 * Runs one statement. Plain node:http, not fetch: fetch gives up on a response whose headers take
 * longer than 300 s, and Drill sends them only when the query is done.
 */
export async function runStatement(
  base: string,
  sql: string,
  options: Record<string, string>,
  defaultSchema?: string,
): Promise<DrillAnswer> {
  const body = JSON.stringify({ queryType: 'SQL', query: sql, autoLimit: 0, defaultSchema, options });
  const { status, text } = await post(`${base}/query.json`, body);
  let answer: DrillAnswer;
  try {
    answer = JSON.parse(text) as DrillAnswer;
  } catch {
    throw new DrillQueryFailed(`drill answered HTTP ${status}: ${text.slice(0, 500)}`);
  }
  if (status === 200 && answer.queryState !== 'FAILED' && !answer.errorMessage) return answer;
  const profile = answer.queryId ? await profileError(base, answer.queryId) : undefined;
  const error = answer.errorMessage ?? profile?.error ?? `HTTP ${status}, query state ${answer.queryState}`;
  throw new DrillQueryFailed(failureReason(error, profile?.verboseError));
}

interface ProfileError {
  error: string;
  /** The error with its causes and their stacks: where the reason is when `error` says only "Drill Remote Exception". */
  verboseError?: string;
}

/** The profile gets its error text a moment after the query is answered as FAILED. */
async function profileError(base: string, queryId: string): Promise<ProfileError | undefined> {
  for (let attempt = 0; attempt < 25; attempt++) {
    const profile = await getJson<Partial<ProfileError>>(`${base}/profiles/${queryId}.json`, 10_000).catch(
      () => undefined,
    );
    if (profile?.error) return { error: profile.error, verboseError: profile.verboseError };
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return undefined;
}

function post(url: string, body: string): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const call = request(
      url,
      {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () =>
          resolve({ status: response.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }),
        );
        response.on('error', reject);
      },
    );
    call.on('error', reject);
    call.end(body);
  });
}

/** ZooKeeper serves once `srvr` answers with its mode (`ruok` answers even when it failed to start). */
export function zookeeperServing(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    let text = '';
    socket.setTimeout(2000, () => socket.destroy());
    socket.on('connect', () => socket.write('srvr'));
    socket.on('data', (chunk) => {
      text += chunk.toString();
    });
    socket.on('close', () => resolve(/^Mode: /m.test(text)));
    socket.on('error', () => resolve(false));
  });
}
