/**
 * A page on another site must not start, stop or read anything on a loopback `metaq serve`: tried
 * in a real Chromium (headless) with a page served from another origin, and with forged headers.
 * The server refuses such requests itself (403, logged without the token), not only the browser's
 * CORS rules, and the AWS SDK, which sends no Origin, still works.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { promisify } from 'node:util';
import { ListExecutionsCommand } from '@aws-sdk/client-sfn';
import { type ServeProcess, sfn, startServeProcess } from './support';

const CHROMIUM = '/usr/bin/chromium';
const STATE_MACHINE = 'arn:aws:states:us-east-1:000000000000:stateMachine:metaq-query';

let serve: ServeProcess;
let attacker: Server;
let attackerUrl: string;

/** What the page tries; each attempt writes what it could see into the page. */
function page(target: string): string {
  const start = JSON.stringify({
    stateMachineArn: STATE_MACHINE,
    input: JSON.stringify({ sql: 'SELECT 666' }),
  });
  return `<!doctype html><pre id="out"></pre><iframe name="sink"></iframe><form id="form" method="POST" action="${target}/" enctype="text/plain" target="sink">
<input name='${start.slice(0, -1)}, "x": "' value='"}'></form>
<script>
const out = document.getElementById('out');
const note = (line) => { out.textContent += line + '\\n'; };
async function attempt(name, run) {
  try { note(name + ': ' + await run()); } catch (error) { note(name + ': blocked (' + error.name + ')'); }
}
(async () => {
  await attempt('start, simple request', async () => {
    await fetch('${target}/', { method: 'POST', mode: 'no-cors', headers: { 'content-type': 'text/plain' },
      body: ${JSON.stringify(start)} });
    return 'sent';
  });
  await attempt('start, with the API headers', async () => {
    const answer = await fetch('${target}/', { method: 'POST', headers: {
      'content-type': 'application/x-amz-json-1.0', 'x-amz-target': 'AWSStepFunctions.StartExecution' },
      body: ${JSON.stringify(start)} });
    return 'status ' + answer.status;
  });
  await attempt('read the executions', async () => {
    const answer = await fetch('${target}/api/executions');
    return 'read ' + (await answer.text()).length + ' characters';
  });
  await attempt('read the health', async () => {
    const answer = await fetch('${target}/health', { mode: 'no-cors' });
    return 'opaque ' + answer.type;
  });
  note('done');
  document.getElementById('form').submit();
})();
</script>`;
}

beforeAll(async () => {
  serve = await startServeProcess();
  // Another origin: localhost and 127.0.0.1 are different sites to a browser.
  const target = serve.url.replace(/\/$/, '');
  attacker = createServer((_, response) => {
    response.writeHead(200, { 'content-type': 'text/html' });
    response.end(page(target));
  });
  await new Promise<void>((resolve) => attacker.listen(0, 'localhost', resolve));
  attackerUrl = `http://localhost:${(attacker.address() as AddressInfo).port}/`;
}, 120_000);

afterAll(async () => {
  attacker?.close();
  expect(await serve?.stop()).toBe(0);
});

const executions = async () =>
  (await sfn(serve).send(new ListExecutionsCommand({ stateMachineArn: STATE_MACHINE }))).executions ?? [];

it('a page of another site in Chromium starts nothing and reads nothing', async () => {
  expect(existsSync(CHROMIUM)).toBe(true);
  const before = (await executions()).length;
  // Not execFileSync: the attacker's page is served by this process, which must stay free to answer.
  const { stdout: dom } = await promisify(execFile)(
    CHROMIUM,
    ['--headless', '--no-sandbox', '--disable-gpu', '--virtual-time-budget=8000', '--dump-dom', attackerUrl],
    { encoding: 'utf8', timeout: 60_000 },
  );
  expect(dom).toContain('done');
  expect(dom).toMatch(/start, with the API headers: blocked/);
  expect(dom).toMatch(/read the executions: blocked/);
  expect(dom).not.toMatch(/read \d+ characters/);
  expect((await executions()).length).toBe(before);
  // The server refused what reached it, and said so, without the token or the body.
  expect(serve.output()).toMatch(/refused: a request from another (site|origin)/);
}, 120_000);

describe('requests as a browser sends them', () => {
  const get = (path: string, headers: Record<string, string>) => fetch(new URL(path, serve.url), { headers });

  it('refuses another site or origin, whatever the path', async () => {
    expect((await get('/api/executions', { 'sec-fetch-site': 'cross-site' })).status).toBe(403);
    expect((await get('/api/executions', { 'sec-fetch-site': 'same-site' })).status).toBe(403);
    expect((await get('/health', { origin: 'http://evil.example' })).status).toBe(403);
    expect((await get('/health', { origin: 'null' })).status).toBe(403);
  });

  it('serves its own pages and same-origin requests', async () => {
    const own = new URL(serve.url).origin;
    expect((await get('/api/executions', { 'sec-fetch-site': 'same-origin', origin: own })).status).toBe(200);
    expect((await get('/', { 'sec-fetch-site': 'none' })).status).toBe(200);
  });

  it('takes API calls only as the SDKs send them (application/x-amz-json-1.0)', async () => {
    const answer = await fetch(serve.url, {
      method: 'POST',
      headers: { 'x-amz-target': 'AWSStepFunctions.ListExecutions', 'content-type': 'text/plain' },
      body: JSON.stringify({ stateMachineArn: STATE_MACHINE }),
    });
    expect(answer.status).toBe(400);
    expect(await answer.text()).toMatch(/must be application\/x-amz-json-1.0, not text\/plain/);
    expect(Array.isArray(await executions())).toBe(true);
  });
});
