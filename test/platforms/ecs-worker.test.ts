import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { workerAddress } from '../../src/platforms/ecs-address';
import { withTaskCredentials } from '../../src/platforms/ecs-credentials';

const access = { region: 'eu-central-1', pathStyle: false };
let server: Server;
let base: string;
let answer: (request: IncomingMessage) => { status: number; body: unknown };

beforeAll(async () => {
  server = createServer((request, response) => {
    const { status, body } = answer(request);
    response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise((resolve) => server.close(resolve)));

describe('Method: workerAddress', () => {
  it("reads the task's private IP from the metadata endpoint v4", async () => {
    answer = (request) => ({
      status: request.url === '/v4/abc/task' ? 200 : 404,
      body: { Containers: [{ Networks: [{ NetworkMode: 'awsvpc', IPv4Addresses: ['10.0.3.17'] }] }] },
    });
    await expect(workerAddress({ ECS_CONTAINER_METADATA_URI_V4: `${base}/v4/abc` })).resolves.toBe(
      '10.0.3.17',
    );
  });

  it('prefers METAQ_WORKER_ADDRESS, and is loopback elsewhere', async () => {
    await expect(
      workerAddress({ METAQ_WORKER_ADDRESS: '10.1.1.1', ECS_CONTAINER_METADATA_URI_V4: `${base}/v4/abc` }),
    ).resolves.toBe('10.1.1.1');
    await expect(workerAddress({})).resolves.toBe('127.0.0.1');
  });

  it('says what is wrong when the metadata has no address', async () => {
    answer = () => ({ status: 200, body: { Containers: [{ Networks: [] }] } });
    await expect(workerAddress({ ECS_CONTAINER_METADATA_URI_V4: `${base}/v4/abc` })).rejects.toMatchObject({
      name: 'WorkerAddressUnknown',
      message: expect.stringContaining('has no IPv4 address: run the task with awsvpc networking'),
    });
  });
});

describe('Method: withTaskCredentials', () => {
  it("gives the engine the task role's credentials from the container endpoint", async () => {
    answer = (request) => ({
      status: request.headers.authorization === 'token-1' ? 200 : 401,
      body: {
        AccessKeyId: 'ASIA1',
        SecretAccessKey: 'secret',
        Token: 'session',
        Expiration: '2030-01-01T00:00:00Z',
      },
    });
    const env = {
      AWS_CONTAINER_CREDENTIALS_FULL_URI: `${base}/creds`,
      AWS_CONTAINER_AUTHORIZATION_TOKEN: 'token-1',
    };
    await expect(withTaskCredentials(access, env)).resolves.toEqual({
      ...access,
      accessKeyId: 'ASIA1',
      secretAccessKey: 'secret',
      sessionToken: 'session',
    });
  });

  it('keeps credentials that are already there (Lambda, local)', async () => {
    const given = { ...access, accessKeyId: 'AKIA', secretAccessKey: 's' };
    await expect(
      withTaskCredentials(given, { AWS_CONTAINER_CREDENTIALS_FULL_URI: `${base}/creds` }),
    ).resolves.toBe(given);
    await expect(withTaskCredentials(access, {})).resolves.toBe(access);
  });

  it('names the endpoint when it refuses', async () => {
    answer = () => ({ status: 403, body: {} });
    await expect(
      withTaskCredentials(access, { AWS_CONTAINER_CREDENTIALS_FULL_URI: `${base}/creds` }),
    ).rejects.toThrow(`the container credentials endpoint ${base}/creds answered 403: check the task role`);
  });
});
