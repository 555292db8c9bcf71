/**
 * The class-data training of the JVM images (handlers/train-cds.ts, run by images/<engine>/Dockerfile),
 * built the way the Dockerfiles build it and run against the installed Drill in an engines folder of
 * its own: it starts the engine once and leaves archives that Drill's JVMs then map with the
 * classpath the engine gives them (-Xshare:on fails a JVM that cannot). The Dockerfiles run it
 * with their own JVM, after their jars are in place.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { ENGINES_DIR } from '../../../infra/constructs/workers';
import { settings } from '../../../src/config';
import { drillInstall } from '../../../src/engines/drill/layout';
import { cdsFolder } from '../../../src/engines/jvm/cds';
import { findJava } from '../../../src/engines/jvm/java';
import { stampFile } from '../../../src/engines/jvm/stamp';
import { bundleHandler } from '../../support/image-bundle';
import { tempDir } from '../../support/runtime';

const root = path.resolve(__dirname, '../../..');
const jvmEngines = ['spark', 'drill', 'trino', 'flink'];

describe.each(jvmEngines)('images/%s/Dockerfile', (engine) => {
  const dockerfile = readFileSync(path.join(root, 'images', engine, 'Dockerfile'), 'utf8');

  it('bundles the training and runs it after the JVM and the jars are in place, before dropping root', () => {
    expect(dockerfile).toContain('RUN npx esbuild handlers/train-cds.ts --bundle');
    const run = dockerfile.indexOf(`RUN node \${LAMBDA_TASK_ROOT}/train-cds.js ${engine}`);
    expect(run).toBeGreaterThan(dockerfile.indexOf('amazon-corretto-headless'));
    expect(run).toBeGreaterThan(dockerfile.indexOf('COPY --from=agent /build/dist/'));
    expect(run).toBeLessThan(dockerfile.indexOf('USER metaq'));
    // Readable by the unprivileged worker, in the folder the engine looks in.
    expect(dockerfile).toContain(`chmod -R a+rX ${cdsFolder(ENGINES_DIR, engine)}`);
  });
});

describe('The image training, run here', () => {
  it('leaves Drill archives its JVMs map with the engine’s own classpath', async () => {
    const bundle = await bundleHandler('train-cds');
    // The installed Drill, seen through an engines folder of this test's (its archives go there).
    const installed = drillInstall(settings().enginesDir);
    const enginesDir = tempDir('metaq-train-engines-');
    const layout = drillInstall(enginesDir);
    mkdirSync(layout.home, { recursive: true });
    symlinkSync(installed.jars, layout.jars);
    symlinkSync(installed.zookeeperJars, layout.zookeeperJars);
    copyFileSync(stampFile(installed.home), stampFile(layout.home));
    const training = spawnSync(process.execPath, [bundle, 'drill'], {
      env: { ...process.env, METAQ_ENGINES_DIR: enginesDir },
      encoding: 'utf8',
      timeout: 240_000,
    });
    expect(training.stderr).toContain('kept 2 archive(s) for drill');
    expect(training.status).toBe(0);
    const java = findJava();
    const maps = (archive: string, classpath: string) =>
      spawnSync(java.bin, [`-XX:SharedArchiveFile=${archive}`, '-Xshare:on', '-cp', classpath, '-version'])
        .status;
    const archives = cdsFolder(enginesDir, 'drill');
    // The drillbit's classpath: its jars, then its configuration folder (src/engines/drill/config.ts).
    expect(maps(path.join(archives, 'drillbit.jsa'), `${layout.jars}/*:${tempDir('metaq-conf-')}`)).toBe(0);
    expect(maps(path.join(archives, 'zookeeper.jsa'), `${layout.zookeeperJars}/*`)).toBe(0);
    // The check can fail: the same archive with the configuration folder first does not map.
    expect(maps(path.join(archives, 'drillbit.jsa'), `${tempDir('metaq-conf-')}:${layout.jars}/*`)).not.toBe(
      0,
    );
  }, 300_000);
});
