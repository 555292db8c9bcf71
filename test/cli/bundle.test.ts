/**
 * The command line runs from its bundles (bin/bundle.js), never a stale one: `node bin/metaq.js`
 * as a user runs it, with a preload that reports which modules the process loaded. The rebuild is
 * tried on a copy of the sources (node_modules shared), so this checkout's bundles stay as they are.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, readFileSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { tempDir } from '../support/runtime';

const root = path.resolve(__dirname, '../..');
const scratch = tempDir('metaq-bundle-');
const probe = path.join(scratch, 'probe.js');
writeFileSync(
  probe,
  `process.on('exit', () => require('fs').writeFileSync(process.env.PROBE_OUT, JSON.stringify(Object.keys(require.cache))));\n`,
);

/** Runs `node <checkout>/bin/metaq.js ...args`; returns its output and the files it loaded. */
function metaq(checkout: string, ...args: string[]) {
  const out = path.join(scratch, 'loaded.json');
  rmSync(out, { force: true });
  const run = spawnSync(
    process.execPath,
    ['--require', probe, path.join(checkout, 'bin/metaq.js'), ...args],
    {
      env: { ...process.env, METAQ_HOME: path.join(scratch, 'home'), PROBE_OUT: out },
      encoding: 'utf8',
      timeout: 120_000,
    },
  );
  const loaded = JSON.parse(readFileSync(out, 'utf8')) as string[];
  return { code: run.status, stdout: run.stdout, stderr: run.stderr, loaded };
}

const fromBundle = (name: string) => new RegExp(`node_modules/\\.cache/metaq/cli-\\w+/build-\\w+/${name}$`);
const typescript = (loaded: string[]) =>
  loaded.filter((file) => file.endsWith('.ts') || file.includes('/tsx/'));

afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('metaq (bundled command line)', () => {
  it('--help loads the front bundle only: no TypeScript, no AWS SDK, no local servers', () => {
    const run = metaq(root, '--help');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/Usage: metaq/);
    expect(run.loaded).toEqual(expect.arrayContaining([expect.stringMatching(fromBundle('metaq\\.js'))]));
    expect(typescript(run.loaded)).toEqual([]);
    expect(run.loaded.filter((file) => /@aws-sdk|dynalite|s3rver|commands\.js$/.test(file))).toEqual([]);
  });

  it('a command runs from the commands bundle, without starting the local servers it does not need', () => {
    const run = metaq(root, 'engines', 'ls');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/duckdb/);
    expect(run.loaded).toEqual(expect.arrayContaining([expect.stringMatching(fromBundle('commands\\.js'))]));
    expect(typescript(run.loaded)).toEqual([]);
    expect(run.loaded.filter((file) => /dynalite|classic-level/.test(file))).toEqual([]);
  });

  it('history starts the local DynamoDB but never loads the local S3, which it does not read', () => {
    const run = metaq(root, 'history');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/no queries yet/);
    expect(run.loaded).toEqual(expect.arrayContaining([expect.stringMatching(/node_modules\/dynalite\//)]));
    expect(run.loaded.filter((file) => file.includes('s3rver'))).toEqual([]);
  });

  describe('a copy of the sources', () => {
    const copy = path.join(scratch, 'checkout');
    let cacheDir = '';

    beforeAll(() => {
      for (const item of ['bin', 'src', 'handlers', 'statemachines', 'tsconfig.json', 'package.json'])
        cpSync(path.join(root, item), path.join(copy, item), { recursive: true });
      symlinkSync(path.join(root, 'node_modules'), path.join(copy, 'node_modules'));
      ({ cacheDir } = require(path.join(copy, 'bin/bundle.js')) as { cacheDir: string });
    });
    afterAll(() => rmSync(cacheDir, { recursive: true, force: true }));

    const build = () =>
      (JSON.parse(readFileSync(path.join(cacheDir, 'manifest.json'), 'utf8')) as { build: string }).build;
    // The copy's node_modules is a link: node names what it loads by the real path.
    const built = (...names: string[]) => path.join(realpathSync(cacheDir), build(), ...names);

    it('is built into a folder of its own, then run from it as long as no source changes', () => {
      const first = metaq(copy, 'engines', 'ls');
      expect(first.code).toBe(0);
      expect(first.stdout).toMatch(/engines folder: /);
      const id = build();
      const again = metaq(copy, 'engines', 'ls');
      expect(again.stdout).toBe(first.stdout);
      expect(build()).toBe(id);
      expect(again.loaded).toEqual(expect.arrayContaining([built('commands.js'), built('metaq.js')]));
    });

    it('runs an edited source as edited: the bundle is built again before the command runs', () => {
      const before = build();
      const source = path.join(copy, 'src/cli/engines.ts');
      writeFileSync(
        source,
        readFileSync(source, 'utf8').replace('engines folder: ', 'engines folder (edited): '),
      );
      const run = metaq(copy, 'engines', 'ls');
      expect(run.code).toBe(0);
      expect(run.stdout).toMatch(/engines folder \(edited\): /);
      expect(build()).not.toBe(before);
      expect(run.loaded).toEqual(expect.arrayContaining([built('commands.js')]));
      expect(typescript(run.loaded)).toEqual([]);
    });

    it('falls back to the sources through tsx when they cannot be bundled', () => {
      writeFileSync(path.join(copy, 'src/cli/unbundlable.ts'), 'export const x = ;\n');
      const source = path.join(copy, 'src/cli/engines.ts');
      writeFileSync(source, `import './unbundlable';\n${readFileSync(source, 'utf8')}`);
      const run = metaq(copy, '--help');
      expect(run.loaded).toEqual(expect.arrayContaining([path.join(copy, 'bin/metaq.ts')]));
      expect(run.stdout).toMatch(/Usage: metaq/);
    });
  });
});
