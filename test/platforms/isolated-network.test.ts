/**
 * The local platform's isolated network (METAQ_NETWORK=isolated; root, `ip` and `nft`), without
 * workers: the control test that one worker's namespace cannot connect to another's, while both
 * reach the reflector and, through the gateway, the control plane on the host's loopback; and
 * that releasing the session's workers leaves no namespace, gateway or reflector behind.
 */
import { existsSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import {
  isolatedWorker,
  namespacesUnder,
  PUBLIC_ADDRESS,
  requireIsolationTools,
} from '../../src/platforms/isolated-network';
import {
  type IsolatedLaunch,
  isolatedLaunch,
  NAMESPACE_TAG,
  REFLECTOR_PORT,
  releaseIsolatedWorkers,
} from '../../src/platforms/isolated-session';
import { queryProcesses } from '../../src/session/query-processes';
import { LabProcess } from '../overlay/lab-process';

const SESSION = `isolated-network-test-${process.pid}`;
const ENGINE_PORT = 7000;
const prefix = `${NAMESPACE_TAG}${process.pid}`;

describe('The isolated network of a local session', () => {
  let controlPlane: net.Server;
  let workers: IsolatedLaunch[] = [];
  const running: LabProcess[] = [];
  const saved = process.env.AWS_ENDPOINT_URL_DYNAMODB;

  const probe = async (from: IsolatedLaunch, address: string, port: number) => {
    const prober = new LabProcess(from.ns, 'test/overlay/lab-probe.ts', {
      connect: { address, port },
      timeoutMs: 2000,
    });
    running.push(prober);
    return (await prober.next<{ result: string }>('probe')).result;
  };

  beforeAll(async () => {
    requireIsolationTools();
    // Stands in for the local DynamoDB: the gateway serves whatever the endpoint variables name.
    controlPlane = net.createServer((socket) => socket.end('control plane'));
    await new Promise<void>((resolve) => controlPlane.listen(0, '127.0.0.1', resolve));
    process.env.AWS_ENDPOINT_URL_DYNAMODB = `http://127.0.0.1:${(controlPlane.address() as net.AddressInfo).port}`;
    workers = [await isolatedLaunch(SESSION, 0), await isolatedLaunch(SESSION, 1)];
  }, 60_000);

  afterAll(async () => {
    await Promise.all(running.map((process) => process.stop()));
    await releaseIsolatedWorkers(SESSION, [0, 1]);
    controlPlane?.close();
    if (saved === undefined) delete process.env.AWS_ENDPOINT_URL_DYNAMODB;
    else process.env.AWS_ENDPOINT_URL_DYNAMODB = saved;
  });

  it('control: a worker cannot connect to another worker, only to the reflector and the control plane', async () => {
    const listener = new LabProcess(workers[1].ns, 'test/overlay/lab-probe.ts', { listen: ENGINE_PORT });
    running.push(listener);
    await listener.next('listening');
    const other = isolatedWorker(prefix, 1);
    expect(await probe(workers[0], other.natAddress, ENGINE_PORT)).toBe('timeout'); // dropped by its NAT
    expect(await probe(workers[0], other.privateAddress, ENGINE_PORT)).not.toBe('connected'); // not routed
    expect(await probe(workers[0], PUBLIC_ADDRESS, REFLECTOR_PORT)).toBe('connected');
    const dynamo = new URL(workers[0].env.AWS_ENDPOINT_URL_DYNAMODB);
    expect(dynamo.hostname).toBe(PUBLIC_ADDRESS);
    expect(await probe(workers[0], dynamo.hostname, Number(dynamo.port))).toBe('connected');
    expect(workers[0].env).toMatchObject({
      METAQ_NETWORK: 'isolated',
      METAQ_REFLECTOR: `${PUBLIC_ADDRESS}:${REFLECTOR_PORT}`,
    });
  });

  it('releasing a dismissed worker deletes its namespaces; releasing the last one, the whole network', async () => {
    expect(namespacesUnder(prefix).sort()).toEqual(
      [`${prefix}-1-pub`, `${prefix}-1-nat0`, `${prefix}-1-w0`, `${prefix}-1-nat1`, `${prefix}-1-w1`].sort(),
    );
    // The reflector and gateway (and, while tsx compiles, its esbuild service).
    expect(queryProcesses(SESSION).length).toBeGreaterThan(0);
    await Promise.all(running.splice(0).map((process) => process.stop()));
    await releaseIsolatedWorkers(SESSION, [1]);
    expect(namespacesUnder(prefix).sort()).toEqual(
      [`${prefix}-1-pub`, `${prefix}-1-nat0`, `${prefix}-1-w0`].sort(),
    );
    await releaseIsolatedWorkers(SESSION, [0]);
    expect(namespacesUnder(prefix)).toEqual([]);
    expect(queryProcesses(SESSION)).toEqual([]);
    expect(existsSync(path.join(os.tmpdir(), `${prefix}-1-gw`))).toBe(false);
  });
});
