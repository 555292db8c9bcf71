/** Engine processes start without the worker's credentials, whatever environment they are given. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { EngineNotReady, startProcess, waitUntil } from '../../src/engines/processes';
import { tempDir } from '../support/runtime';

describe('Method: startProcess', () => {
  it('drops AWS credentials (and the means to fetch them) from the environment, keeps the rest, in UTC', async () => {
    const log = path.join(tempDir('metaq-processes-'), 'env.log');
    const env = {
      PATH: process.env.PATH,
      METAQ_SESSION_ID: 'q-1',
      TZ: 'Europe/Berlin',
      AWS_REGION: 'eu-west-1',
      AWS_ACCESS_KEY_ID: 'AKIAX',
      AWS_SECRET_ACCESS_KEY: 'SECRETX',
      AWS_SESSION_TOKEN: 'TOKENX',
      AWS_CONTAINER_CREDENTIALS_RELATIVE_URI: '/v2/credentials/x',
    };
    const child = startProcess('env', '/usr/bin/env', [], { env, log });
    expect(await child.exited).toBe(0);
    const printed = readFileSync(log, 'utf8');
    expect(printed).toMatch(/^METAQ_SESSION_ID=q-1$/m);
    expect(printed).toMatch(/^AWS_REGION=eu-west-1$/m);
    expect(printed).toMatch(/^TZ=UTC$/m);
    expect(printed).not.toMatch(/AKIAX|SECRETX|TOKENX|credentials/);
  });
});

describe('Method: waitUntil', () => {
  it('a check that never settles still ends in EngineNotReady at the timeout', async () => {
    const never = () => new Promise<undefined>(() => undefined);
    const waited = waitUntil('the never-ready thing', never, [], 300, 50);
    await expect(waited).rejects.toThrow(EngineNotReady);
    await expect(waited).rejects.toThrow(/the never-ready thing did not happen within 0.3 s/);
  });

  it('answers as soon as the check does', async () => {
    let calls = 0;
    const check = async () => (++calls >= 3 ? 'ready' : undefined);
    await expect(waitUntil('ready', check, [], 5000, 10)).resolves.toBe('ready');
    expect(calls).toBe(3);
  });
});
