/**
 * Result downloads through `metaq serve` (`/results/<query>/<file>`) reach only the files a query's
 * record lists, and only in the results bucket: path tricks are tried against a server in this
 * process whose records and objects the test writes itself. No query runs, no worker is started.
 */
import { request } from 'node:http';
import path from 'node:path';
import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { s3 } from '../../src/aws/clients';
import { openRecord, updateRecord } from '../../src/history/store';
import type { QueryRecord } from '../../src/history/types';
import { type RunningServe, startServe } from '../../src/serve/server';
import { tempDir, workersOf } from './support';

/** Each object's whole text is its marker: a refused answer must not hold any of them. */
const objects = {
  mine: ['metaq-results', 'results/q-mine/part-0.csv', 'MINE-ROWS'],
  manifest: ['metaq-results', 'results/q-mine/manifest.json', '{"MINE-MANIFEST":1}'],
  other: ['metaq-results', 'results/q-other/other.csv', 'OTHER-QUERY-ROWS'],
  unlisted: ['metaq-results', 'results/q-unlisted/unlisted.csv', 'UNLISTED-ROWS'],
  data: ['metaq-data', 'secret.csv', 'DATA-BUCKET-SECRET'],
  climbed: ['metaq-data', 'climbed.csv', 'CLIMBED-OUT-SECRET'],
  dotted: ['metaq-data', 'dotted.csv', 'DOTTED-OUT-SECRET'],
} as const;
const markers = Object.values(objects).map(([, , body]) => body);

const lines: string[] = [];
let serve: RunningServe;

async function record(queryId: string, files: string[], manifest: string): Promise<void> {
  await openRecord(queryId, { sql: 'SELECT 1' }, new Date());
  const result = {
    location: '',
    format: 'csv',
    rows: 1,
    bytes: 1,
    files,
    manifest,
    columns: [],
    preview: [],
  };
  await updateRecord(queryId, { status: 'SUCCEEDED', result } as Partial<QueryRecord>);
}

beforeAll(async () => {
  const cwd = tempDir();
  process.env.METAQ_HOME = path.join(cwd, '.metaq');
  serve = await startServe({
    port: 0,
    schedulesFolder: path.join(cwd, 'schedules'),
    log: (line) => lines.push(line),
  });
  for (const [Bucket, Key, Body] of Object.values(objects))
    await s3().send(new PutObjectCommand({ Bucket, Key, Body }));
  await record(
    'q-mine',
    [`s3://metaq-results/${objects.mine[1]}`],
    `s3://metaq-results/${objects.manifest[1]}`,
  );
  await record(
    'q-other',
    [`s3://metaq-results/${objects.other[1]}`],
    's3://metaq-results/results/q-other/m.json',
  );
  // A record whose files point elsewhere: another bucket, a key climbing out of the results
  // bucket, a URL that is not s3://, and a listed file deleted since.
  await record(
    'q-elsewhere',
    [
      's3://metaq-data/secret.csv',
      's3://metaq-results/../metaq-data/climbed.csv',
      's3://metaq-results/results/q-elsewhere/./../../../metaq-data/dotted.csv',
      'https://metaq-data.s3.amazonaws.com/https.csv',
      's3://METAQ-RESULTS/results/q-mine/upper.csv',
      's3://metaq-results/results/q-elsewhere/gone.csv',
    ],
    's3://metaq-results-other/manifest.json',
  );
}, 60_000);
afterAll(() => serve?.close());

/** A GET with the path sent exactly as given (fetch would resolve `..` before sending). */
function get(target: string): Promise<{ status?: number; body: string; disposition?: string }> {
  const url = new URL(serve.url);
  return new Promise((resolve, reject) => {
    request(
      { hostname: url.hostname, port: url.port, path: target, headers: { host: url.host } },
      (answer) => {
        let body = '';
        answer.setEncoding('utf8');
        answer.on('data', (chunk) => {
          body += chunk;
        });
        answer.on('end', () =>
          resolve({ status: answer.statusCode, body, disposition: answer.headers['content-disposition'] }),
        );
      },
    )
      .on('error', reject)
      .end();
  });
}

async function expectRefused(target: string, status = 404): Promise<void> {
  const answer = await get(target);
  expect({ target, status: answer.status }).toEqual({ target, status });
  for (const marker of markers) expect(answer.body).not.toContain(marker);
}

it('serves a file the record lists, from the results bucket, as an attachment', async () => {
  // And every object the tricks below aim at is there to be read.
  for (const [Bucket, Key, Body] of Object.values(objects)) {
    const object = await s3().send(new GetObjectCommand({ Bucket, Key }));
    expect(await object.Body?.transformToString()).toBe(Body);
  }
  expect(await get('/results/q-mine/part-0.csv')).toEqual({
    status: 200,
    body: objects.mine[2],
    disposition: 'attachment; filename="q-mine-part-0.csv"',
  });
  expect((await get('/results/q-mine/manifest.json')).body).toBe(objects.manifest[2]);
});

it("refuses another query's file under this query's id, and a file no record lists", async () => {
  await expectRefused('/results/q-mine/other.csv');
  await expectRefused('/results/q-mine/unlisted.csv');
  await expectRefused('/results/q-unlisted/unlisted.csv');
  await expectRefused('/results/q-mine/results%2Fq-other%2Fother.csv');
});

it('refuses percent-encoded slashes, dots and backslashes', async () => {
  for (const target of [
    '/results/q-mine/..%2Fq-other%2Fother.csv',
    '/results/q-mine/%2e%2e%2Fq-other%2Fother.csv',
    '/results/q-mine/%2E%2E%2F%2E%2E%2Fq-unlisted%2Funlisted.csv',
    '/results/q-mine%2F..%2Fq-other/other.csv',
    '/results/..%2Fq-unlisted/unlisted.csv',
    '/results/q-mine/..%5Cq-other%5Cother.csv',
    '/results/q-mine/%5C..%5C..%5Cmetaq-data%5Csecret.csv',
    '/results/q-mine/..%2F..%2F..%2Fmetaq-data%2Fsecret.csv',
    '/results/q-mine/%00part-0.csv',
  ])
    await expectRefused(target);
});

it('resolves `..` and backslashes as any URL does, reaching nothing the plain address does not', async () => {
  // What a path resolves to is what is served: another query's listed file is served at its own
  // address too, and every other place resolved to is refused.
  const direct = await get('/results/q-other/other.csv');
  expect(direct.status).toBe(200);
  for (const target of [
    '/results/q-mine/../q-other/other.csv',
    '/results/q-mine/%2e%2e/q-other/other.csv',
    '/results/q-mine/..\\q-other\\other.csv',
  ])
    expect(await get(target)).toEqual(direct);
  for (const target of [
    '/results/q-mine/../q-unlisted/unlisted.csv',
    '/results/q-mine/../../metaq-data/secret.csv',
    '/results/q-mine/%2e%2e/%2e%2e/metaq-data/secret.csv',
    '/results/q-mine/..\\..\\metaq-data\\secret.csv',
    '/results/../../../../metaq-data/secret.csv',
  ])
    await expectRefused(target);
});

it('refuses what a record lists outside the results bucket, however it is written', async () => {
  for (const file of ['secret.csv', 'climbed.csv', 'dotted.csv', 'https.csv', 'upper.csv', 'manifest.json'])
    await expectRefused(`/results/q-elsewhere/${file}`);
  // Listed in the results bucket but deleted since: nothing to send, not a server error.
  await expectRefused('/results/q-elsewhere/gone.csv');
});

it('takes absolute URLs and other request targets by their path only', async () => {
  const s3Port = new URL(serve.runtime.s3Endpoint).port;
  await expectRefused(`http://127.0.0.1:${s3Port}/metaq-data/secret.csv`);
  await expectRefused('http://metaq-data.s3.amazonaws.com/secret.csv');
  await expectRefused('//metaq-data/secret.csv');
  await expectRefused('/results/q-mine/s3:%2F%2Fmetaq-data%2Fsecret.csv');
  await expectRefused('/results/s3:%2F%2Fmetaq-data/secret.csv');
  // The host of an absolute URL does not choose the bucket: the path names the query's own file.
  expect((await get(`http://127.0.0.1:${s3Port}/results/q-mine/part-0.csv`)).body).toBe(objects.mine[2]);
});

it("answers bad percent-encoding as the caller's mistake (400), not a server error", async () => {
  await expectRefused('/results/%ZZ/part-0.csv', 400);
  await expectRefused('/results/q-mine/%E0%A4%A', 400);
});

it('logged no server error, and started no worker', () => {
  expect(lines.filter((line) => line.startsWith('internal error'))).toEqual([]);
  expect(workersOf(serve.runtime.home)).toEqual([]);
});
