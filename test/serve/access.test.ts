/** Who may talk to `metaq serve`: loopback by default; another address only with a token. */
import { spawnSync } from 'node:child_process';
import { request } from 'node:http';
import { ListExecutionsCommand } from '@aws-sdk/client-sfn';
import { hostPolicy, isLoopback } from '../../src/serve/access';
import { bin, type ServeProcess, sfn, startServeProcess, tempDir } from './support';

const STATE_MACHINE = 'arn:aws:states:us-east-1:000000000000:stateMachine:metaq-query';

describe('Method: hostPolicy', () => {
  it('lets loopback through quietly', () => {
    expect(hostPolicy('127.0.0.1', undefined)).toEqual({});
    expect(isLoopback('localhost')).toBe(true);
    expect(isLoopback('::1')).toBe(true);
  });

  it('refuses another address without a token, and warns with one', () => {
    expect(() => hostPolicy('0.0.0.0', undefined)).toThrow(/pass --token/);
    expect(hostPolicy('0.0.0.0', 's3cret').warning).toMatch(/reachable from other machines/);
  });
});

describe('metaq serve --host', () => {
  it('exits before listening when another host has no token', () => {
    const cwd = tempDir();
    const run = spawnSync(process.execPath, [bin, 'serve', '--host', '0.0.0.0', '--port', '0'], {
      cwd,
      env: { ...process.env, METAQ_HOME: `${cwd}/.metaq` },
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/HostNotAllowed: --host 0.0.0.0 .*--token/);
  });
});

describe('metaq serve --token', () => {
  let serve: ServeProcess;
  beforeAll(async () => {
    serve = await startServeProcess(['--token', 's3cret']);
  });
  afterAll(async () => {
    expect(await serve?.stop()).toBe(0);
  });

  const get = (path: string, headers: Record<string, string> = {}) =>
    fetch(new URL(path, serve.url), { headers, redirect: 'manual' });

  it('answers 401 without the token and 403 with another', async () => {
    expect((await get('/api/executions')).status).toBe(401);
    expect((await get('/')).status).toBe(401);
    expect((await get('/api/executions', { authorization: 'Bearer wrong' })).status).toBe(403);
    expect((await get('/api/executions', { authorization: 'Bearer s3cret' })).status).toBe(200);
    expect((await get('/api/executions', { 'x-metaq-token': 's3cret' })).status).toBe(200);
  });

  it('opens the console with ?token= and keeps it in a cookie for the page', async () => {
    const page = await get('/?token=s3cret');
    expect(page.status).toBe(200);
    const cookie = page.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/metaq_token=s3cret; HttpOnly; SameSite=Strict/);
    expect((await get('/app.js', { cookie: cookie.split(';')[0] })).status).toBe(200);
  });

  it('takes the token as the access key id from the AWS SDK', async () => {
    const withToken = sfn(serve, 's3cret');
    const listed = await withToken.send(new ListExecutionsCommand({ stateMachineArn: STATE_MACHINE }));
    expect(listed.executions).toEqual([]);
    withToken.destroy();
    const without = sfn(serve, 'someone');
    await expect(
      without.send(new ListExecutionsCommand({ stateMachineArn: STATE_MACHINE })),
    ).rejects.toMatchObject({
      name: 'AccessDeniedException',
    });
    without.destroy();
  });

  it('the command line finds the token in serve.json, which only its owner can read', () => {
    expect(serve.registration.token).toBe('s3cret');
    const run = spawnSync(process.execPath, [bin, 'history', '--json'], {
      cwd: serve.cwd,
      env: { ...process.env, METAQ_HOME: serve.home },
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(run.status).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual([]);
  });
});

describe('metaq serve on loopback', () => {
  let serve: ServeProcess;
  beforeAll(async () => {
    serve = await startServeProcess();
  });
  afterAll(async () => {
    expect(await serve?.stop()).toBe(0);
  });

  it('refuses requests addressed to another host name (a page from elsewhere, rebound to loopback)', async () => {
    const status = (host: string) =>
      new Promise<number | undefined>((resolve, reject) => {
        const url = new URL('/api/executions', serve.url);
        request(
          { hostname: url.hostname, port: url.port, path: url.pathname, headers: { host } },
          (response) => {
            response.resume();
            resolve(response.statusCode);
          },
        )
          .on('error', reject)
          .end();
      });
    expect(await status('evil.example:80')).toBe(403);
    expect(await status(`localhost:${new URL(serve.url).port}`)).toBe(200);
  });
});
