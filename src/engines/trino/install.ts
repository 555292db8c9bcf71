/**
 * `metaq engines install trino`: the server's tarball from Maven Central, unpacked, keeping only
 * its lib/ and the plugins metaq uses. The tarball hard-links jars between plugins, so it is
 * unpacked whole into a scratch folder and the other plugins are removed there (a link's other
 * names keep the file).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import { requireJava } from '../jvm/java';
import { mavenArtifact } from '../jvm/maven';
import { stampFile, writeStamp } from '../jvm/stamp';
import { TrinoInstallFailed } from './errors';
import { JAVA_MIN, TRINO_PLUGINS, TRINO_VERSION, trinoInstall, trinoInstalled } from './layout';

export function installTrino(enginesDir: string, log: (line: string) => void): void {
  const java = requireJava('trino', { min: JAVA_MIN });
  log(`Java ${java.major} at ${java.bin}`);
  const layout = trinoInstall(enginesDir);
  if (trinoInstalled(enginesDir)) {
    log(`Trino ${TRINO_VERSION} is already installed in ${layout.home}`);
    return;
  }
  rmSync(stampFile(layout.home), { force: true });
  const download = `${layout.home}.download`;
  log(`downloading io.trino:trino-server:${TRINO_VERSION} from Maven Central (821 MB)`);
  const tarball = mavenArtifact(`io.trino:trino-server:${TRINO_VERSION}:tar.gz`, download, {
    javaHome: java.home,
  });
  const scratch = `${layout.home}.partial`;
  rmSync(scratch, { recursive: true, force: true });
  mkdirSync(scratch, { recursive: true });
  log(`unpacking lib/ and plugin/${TRINO_PLUGINS.join(', plugin/')}`);
  try {
    execFileSync('tar', ['-xzf', tarball, '-C', scratch, '--strip-components=1'], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
  } catch (error) {
    throw new TrinoInstallFailed(
      `could not unpack ${tarball}: ${String((error as { stderr?: Buffer }).stderr ?? error)}`,
      {
        cause: error,
      },
    );
  }
  for (const entry of readdirSync(scratch))
    if (!['lib', 'plugin'].includes(entry)) rmSync(path.join(scratch, entry), { recursive: true });
  for (const plugin of readdirSync(path.join(scratch, 'plugin')))
    if (!TRINO_PLUGINS.includes(plugin)) rmSync(path.join(scratch, 'plugin', plugin), { recursive: true });
  if (!existsSync(path.join(scratch, 'lib')) || !existsSync(path.join(scratch, 'plugin', 'hive')))
    throw new TrinoInstallFailed(`the Trino ${TRINO_VERSION} tarball had no lib/ or plugin/hive/`);
  rmSync(layout.home, { recursive: true, force: true });
  renameSync(scratch, layout.home);
  rmSync(download, { recursive: true, force: true });
  writeStamp(layout.home, { trino: TRINO_VERSION });
  log(`installed Trino ${TRINO_VERSION} in ${layout.home}`);
}
