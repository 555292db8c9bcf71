/**
 * The PostgreSQL clients that clients.test.ts drives, installed once into the engines folder (so CI
 * and the tests share them): psycopg 3 from PyPI in a venv of its own (the binary build brings its
 * own libpq) and the pgJDBC jar from Maven Central. Run as a script: `node -r tsx/cjs <this file>`.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { settings } from '../../../src/config';

const PSYCOPG = 'psycopg[binary]==3.3.9';
const PGJDBC = { artifact: 'org.postgresql:postgresql:42.7.14', jar: 'postgresql-42.7.14.jar' };

const clientsDir = (enginesDir: string) => path.join(enginesDir, 'pg-clients');

export function psycopgPython(enginesDir: string): string {
  return path.join(clientsDir(enginesDir), 'python', 'bin', 'python');
}

export function pgjdbcJar(enginesDir: string): string {
  return path.join(clientsDir(enginesDir), PGJDBC.jar);
}

/** The clients' paths; fails naming the install command when one is missing. */
export function installedPgClients(enginesDir: string): { python: string; jar: string } {
  const python = psycopgPython(enginesDir);
  const jar = pgjdbcJar(enginesDir);
  for (const file of [python, jar]) {
    if (!existsSync(file)) {
      throw new Error(`${file} is missing: run \`node -r tsx/cjs test/pg/clients/install.ts\``);
    }
  }
  return { python, jar };
}

export function installPgClients(enginesDir: string, log: (line: string) => void): void {
  const python = psycopgPython(enginesDir);
  if (!existsSync(python) || !canImportPsycopg(python)) {
    const venv = path.dirname(path.dirname(python));
    log(`creating ${venv} with ${PSYCOPG} from PyPI`);
    execFileSync('python3', ['-m', 'venv', '--clear', venv], { stdio: ['ignore', 'ignore', 'pipe'] });
    execFileSync(python, ['-m', 'pip', 'install', '--quiet', '--disable-pip-version-check', PSYCOPG], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
  }
  const jar = pgjdbcJar(enginesDir);
  if (!existsSync(jar)) {
    log(`copying ${PGJDBC.artifact} from Maven Central to ${path.dirname(jar)}`);
    execFileSync(
      'mvn',
      [
        '-q',
        '-B',
        'dependency:copy',
        `-Dartifact=${PGJDBC.artifact}`,
        `-DoutputDirectory=${path.dirname(jar)}`,
      ],
      { stdio: ['ignore', 'ignore', 'pipe'] },
    );
  }
}

function canImportPsycopg(python: string): boolean {
  try {
    execFileSync(python, ['-c', 'import psycopg'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

if (require.main === module) installPgClients(settings().enginesDir, (line) => console.log(line));
