/**
 * The token of `metaq serve` is never logged: a server started with METAQ_SERVE_TOKEN is sent the
 * token, and a wrong one, every way it takes them (`?token=`, `Authorization: Bearer`,
 * `X-Metaq-Token`, the console's cookie, the AWS SDK's access key id), on requests it answers,
 * refuses, logs as cross-site and fails on; everything it wrote to stdout and stderr is then
 * searched. It starts no query and no worker.
 */
import { randomBytes } from 'node:crypto';
import { ListExecutionsCommand } from '@aws-sdk/client-sfn';
import { type ServeProcess, sfn, startServeProcess } from './support';

const STATE_MACHINE = 'arn:aws:states:us-east-1:000000000000:stateMachine:metaq-query';
const token = `tok${randomBytes(12).toString('hex')}`;
const wrong = `bad${randomBytes(12).toString('hex')}`;

let serve: ServeProcess;
let output = '';
beforeAll(async () => {
  serve = await startServeProcess([], undefined, { METAQ_SERVE_TOKEN: token });
}, 120_000);
afterAll(async () => {
  if (serve && !output) await serve.stop();
});

/** The ways a request carries a secret, each alone. */
const carriers = (secret: string): { query: string; headers: Record<string, string> }[] => [
  { query: `?token=${secret}`, headers: {} },
  { query: '', headers: { authorization: `Bearer ${secret}` } },
  { query: '', headers: { 'x-metaq-token': secret } },
  { query: '', headers: { cookie: `metaq_token=${secret}` } },
];

const send = (path: string, init: RequestInit = {}) =>
  fetch(new URL(path, serve.url), { redirect: 'manual', ...init }).then(async (answer) => {
    await answer.arrayBuffer();
    return answer.status;
  });

it('answers, refuses and fails requests carrying the token, and logs none of it', async () => {
  for (const secret of [token, wrong]) {
    const accepted = secret === token;
    for (const { query, headers } of carriers(secret)) {
      expect(await send(`/api/executions${query}`, { headers })).toBe(accepted ? 200 : 403);
      expect(await send(`/${query}`, { headers })).toBe(accepted ? 200 : 403);
      // Refused as cross-site, which the server logs.
      expect(
        await send(`/api/executions${query}`, { headers: { ...headers, 'sec-fetch-site': 'cross-site' } }),
      ).toBe(403);
      expect(await send(`/health${query}`, { headers: { ...headers, origin: 'http://evil.example' } })).toBe(
        403,
      );
      if (!accepted) continue;
      expect(await send(`/nothing/here${query}`, { headers })).toBe(404);
      expect(await send(`/api/executions${query}`, { method: 'DELETE', headers })).toBe(405);
      expect(await send(`/results/%ZZ/x.csv${query}`, { headers })).toBe(400);
      // A name DynamoDB refuses (over 2048 bytes): the server's own error, logged with its stack.
      expect(await send(`/api/executions/${'x'.repeat(3000)}${query}`, { headers })).toBe(500);
      const api = (target: string, body: string, type = 'application/x-amz-json-1.0') =>
        send(`/${query}`, {
          method: 'POST',
          headers: { ...headers, 'x-amz-target': target, 'content-type': type },
          body,
        });
      expect(await api('AWSStepFunctions.ListExecutions', '{', 'text/plain')).toBe(400);
      expect(await api('AWSStepFunctions.ListExecutions', 'not json')).toBe(400);
      expect(await api('AWSStepFunctions.NoSuchOperation', '{}')).toBe(400);
      // Refused before anything starts: the state machine is not this server's.
      const start = JSON.stringify({
        stateMachineArn: `${STATE_MACHINE}-${secret}`,
        input: JSON.stringify({ sql: `SELECT '${secret}'` }),
      });
      expect(await api('AWSStepFunctions.StartExecution', start)).toBe(400);
    }
    const client = sfn(serve, secret);
    const listing = client.send(new ListExecutionsCommand({ stateMachineArn: STATE_MACHINE }));
    if (accepted) await expect(listing).resolves.toMatchObject({ executions: [] });
    else await expect(listing).rejects.toMatchObject({ name: 'AccessDeniedException' });
    client.destroy();
  }
  expect(await serve.stop()).toBe(0);
  output = serve.output();
  // The paths that log ran, with the token in the request.
  expect(output).toMatch(
    /refused: a request from another site \(Sec-Fetch-Site: cross-site\) to \/api\/executions/,
  );
  expect(output).toMatch(/refused: a request from another origin \(http:\/\/evil\.example\) to \/health/);
  expect(output).toMatch(/internal error: ValidationException/);
  expect(output).toMatch(/metaq serve: stopping/);
  for (const secret of [token, wrong]) expect(output).not.toContain(secret);
}, 120_000);
