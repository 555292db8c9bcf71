import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { REFLECTOR_USER } from '../../infra/constructs/reflector';
import { WORKER_USER } from '../../infra/constructs/worker-task';
import { ENGINES_DIR } from '../../infra/constructs/workers';
import { DUCKDB_VERSION, extensionPath } from '../../src/engines/duckdb/extensions';
import type { LocalRuntime } from '../../src/local/runtime';
import { observe } from '../../src/overlay/reflector-client';
import { engineNames } from '../../src/plan/types';
import { reflectorEndpoint } from '../../src/platforms/reflector-item';
import { closeSession, getWorker, markStopped } from '../../src/session/store';
import { openSession, startLocalTables, testPlan } from '../platforms/local-dynamo';
import { bundleHandler } from '../support/image-bundle';

const root = path.resolve(__dirname, '../..');
const dockerfile = readFileSync(path.join(root, 'images/duckdb/Dockerfile'), 'utf8');
let runtime: LocalRuntime;
let bundle: string;

beforeAll(async () => {
  runtime = await startLocalTables();
  // The image's build step, here: the worker agent in one file, DuckDB left as a package.
  const command = /RUN npx esbuild (handlers\/worker\.ts[^\n]*\\\n[^\n]*)/.exec(dockerfile)?.[1] ?? '';
  expect(command).toContain('--external:@duckdb/node-api');
  bundle = await bundleHandler('worker');
});
afterAll(() => runtime.stop());

describe('Image: images/duckdb', () => {
  it('installs httpfs where the engine looks for it', () => {
    expect(dockerfile).toContain(`ARG DUCKDB_VERSION=${DUCKDB_VERSION}`);
    expect(dockerfile).toContain(`ENV METAQ_ENGINES_DIR=${ENGINES_DIR}`);
    expect(dockerfile).toContain(`duckdb-extension-httpfs==\${DUCKDB_VERSION}`);
    const target = extensionPath(ENGINES_DIR, 'httpfs').replace(`v${DUCKDB_VERSION}`, `v\${DUCKDB_VERSION}`);
    expect(dockerfile).toContain(`"${target}"`);
  });

  it('every engine image makes the unprivileged user the ECS task definition names, and runs as it', () => {
    for (const engine of engineNames) {
      const text = readFileSync(path.join(root, `images/${engine}/Dockerfile`), 'utf8');
      expect(text).toContain(`echo '${WORKER_USER}:x:1000:1000:`);
      expect(text.trimEnd().split('\n').slice(-2)).toEqual([`USER ${WORKER_USER}`, 'CMD ["worker.handler"]']);
    }
  });

  it('is a Lambda image for Node.js 22 whose handler is the worker', () => {
    expect(dockerfile).toContain('ARG NODE_VERSION=22');
    expect(dockerfile).toContain(`FROM public.ecr.aws/lambda/nodejs:\${NODE_VERSION}`);
    expect(dockerfile).toContain('CMD ["worker.handler"]');
  });

  it('runs as a plain node process (the ECS entry point) until its session is closed', async () => {
    const plan = testPlan({ platform: 'ecs' });
    await openSession(plan, 1);
    const child = spawn(process.execPath, [bundle], {
      env: {
        ...process.env,
        METAQ_SESSION_ID: plan.queryId,
        METAQ_WORKER_INDEX: '0',
        METAQ_WORKER_DEADLINE: String(Date.now() + 60_000),
        METAQ_POLL_MS: '20',
        METAQ_HEARTBEAT_MS: '50',
      },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let log = '';
    child.stderr.on('data', (chunk) => {
      log += chunk;
    });
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    const end = Date.now() + 20_000;
    while ((await getWorker(plan.queryId, 0))?.state !== 'ready' && Date.now() < end) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect((await getWorker(plan.queryId, 0))?.address).toBe('127.0.0.1');
    await closeSession(plan.queryId, Date.now());
    await expect(exited).resolves.toBe(0);
    expect(log).toContain('exiting: session closed');
  });

  it('answers an asynchronous Lambda invocation with the same code', async () => {
    const plan = testPlan({ platform: 'lambda' });
    await openSession(plan, 1);
    const poll = process.env.METAQ_POLL_MS;
    process.env.METAQ_POLL_MS = '20';
    // The worker names its process metaq-worker; this test process must keep its own name.
    const title = process.title;
    const worker = require(bundle) as typeof import('../../handlers/worker');
    process.title = title;
    const invocation = worker.handler({ sessionId: plan.queryId, index: 0, deadline: Date.now() + 60_000 });
    const end = Date.now() + 20_000;
    while ((await getWorker(plan.queryId, 0))?.state !== 'ready' && Date.now() < end) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    await markStopped(plan.queryId, 0, Date.now());
    await expect(invocation).resolves.toEqual({ reason: 'stopped' });
    if (poll === undefined) delete process.env.METAQ_POLL_MS;
    else process.env.METAQ_POLL_MS = poll;
  });
});

describe('Image: images/reflector', () => {
  const file = (name: string) => readFileSync(path.join(root, 'images', name), 'utf8');
  const text = file('reflector/Dockerfile');

  it('bundles the reflector entry and runs it with node as an unprivileged user', () => {
    expect(text).toMatch(
      /RUN npx esbuild handlers\/reflector\.ts --bundle [^\n]*\\\n[^\n]*--outfile=dist\/reflector\.js/,
    );
    expect(text).toContain('ARG NODE_VERSION=22');
    expect(text.trimEnd().split('\n').slice(-2)).toEqual([
      `USER ${REFLECTOR_USER}`,
      'CMD ["node", "/opt/metaq/reflector.js"]',
    ]);
    // The same build context rules as every engine image.
    const rules = (name: string) =>
      file(name)
        .split('\n')
        .filter((line) => !line.startsWith('#'));
    expect(rules('reflector/Dockerfile.dockerignore')).toEqual(rules('duckdb/Dockerfile.dockerignore'));
  });

  it('runs as a plain node process (the ECS entry point): publishes itself, reflects, stops on SIGTERM', async () => {
    const reflector = await bundleHandler('reflector');
    const child = spawn(process.execPath, [reflector], {
      env: { ...process.env, METAQ_REFLECTOR_ADDRESS: '127.0.0.1', METAQ_REFLECTOR_PORT: '0' },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let log = '';
    child.stderr.on('data', (chunk) => {
      log += chunk;
    });
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    let endpoint = '';
    const end = Date.now() + 20_000;
    while (!endpoint && Date.now() < end) {
      endpoint = await reflectorEndpoint().catch(() => '');
      if (!endpoint) await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const [address, port] = endpoint.split(':');
    expect(address).toBe('127.0.0.1');
    const seen = await observe({ address, port: Number(port) });
    seen.socket.destroy();
    expect(seen.public).toEqual({ address: '127.0.0.1', port: seen.localPort });
    child.kill('SIGTERM');
    await expect(exited).resolves.toBe(0);
    expect(log).toContain(`published as 127.0.0.1:${port}`);
    expect(log).toContain('exiting: stopped after relaying 0 pair(s)');
  });
});

describe('Images: node modules', () => {
  const images = readdirSync(path.join(root, 'images')).filter((name) =>
    existsSync(path.join(root, 'images', name, 'Dockerfile')),
  );
  /** Each RUN's shell commands, continuation lines joined. */
  const commands = (image: string) =>
    readFileSync(path.join(root, 'images', image, 'Dockerfile'), 'utf8')
      .replace(/\\\n/g, ' ')
      .split('\n')
      .filter((line) => line.startsWith('RUN '))
      .flatMap((line) => line.slice(4).split(/&&|;/))
      .map((command) => command.trim().replace(/\s+/g, ' '));
  const { dependencies } = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));

  it('every image installs production dependencies only, from the lock file (npm ci --omit=dev)', () => {
    expect([...images].sort()).toEqual([...engineNames, 'reflector'].sort());
    for (const image of images) {
      const all = commands(image);
      const installs = all.filter((command) => /\b(npm (ci|install|i)|yarn|pnpm)\b/.test(command));
      expect({
        image,
        installs: installs.filter((command) => !/^npm (ci|install) .*--omit=dev\b/.test(command)),
      }).toEqual({
        image,
        installs: [],
      });
      expect({ image, ci: installs.some((command) => command.startsWith('npm ci ')) }).toEqual({
        image,
        ci: true,
      });
      expect(readFileSync(path.join(root, 'images', image, 'Dockerfile'), 'utf8')).toMatch(
        /^COPY package\.json package-lock\.json \.\/\nRUN npm ci --omit=dev /m,
      );
    }
  });

  it('every tool a build runs with npx is a production dependency, there after --omit=dev', () => {
    const tools = new Set(
      images.flatMap((image) =>
        commands(image).flatMap((command) =>
          [...command.matchAll(/\bnpx ([@\w/.-]+)/g)].map((match) => match[1]),
        ),
      ),
    );
    expect([...tools].sort()).toEqual(['esbuild', 'tsx']);
    for (const tool of tools)
      expect({ tool, version: dependencies[tool] }).toEqual({ tool, version: expect.any(String) });
  });
});
