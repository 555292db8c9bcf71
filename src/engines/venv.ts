/**
 * The Python virtual environments engines install into (Spark's pyspark, the embedded engines'
 * libraries). Workers run as another user when metaq runs as root (platforms/worker-user.ts), so
 * a venv is made from a Python that user can run, and made again when it was not.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, realpathSync, rmSync } from 'node:fs';
import path from 'node:path';
import { unreadableBy, type WorkerUser, workerUser } from '../platforms/worker-user';

/** Runs an install step, throwing the engine's own install error with `fix` when it fails. */
export type InstallStep = (command: string, args: string[], fix: string) => void;

export const venvPythonIn = (venv: string) => path.join(venv, 'bin', 'python');

/** Makes `venv` unless it is there and usable by the workers' user; returns its Python. */
export function ensureVenv(venv: string, log: (line: string) => void, run: InstallStep): string {
  const python = venvPythonIn(venv);
  const user = workerUser();
  if (existsSync(python) && user && unreadableBy(user, realpathSync(python))) {
    log(`the venv's Python is not one ${user.name} (who runs the workers) can run: making the venv again`);
    rmSync(venv, { recursive: true, force: true });
  }
  if (!existsSync(python)) {
    const base = basePython(user);
    log(`creating a Python virtual environment in ${venv} from ${base}`);
    run(base, ['-m', 'venv', venv], 'install python3 with its venv module');
  }
  return python;
}

/**
 * A venv's interpreter links to the Python it was made from, so that Python must be one the
 * workers' user can run: run by root, workers are another user, who cannot enter root's home,
 * where pyenv keeps its Pythons. The system's Python is then taken.
 */
function basePython(user: WorkerUser | undefined): string {
  if (!user) return 'python3';
  const candidates = [whichPython(), '/usr/bin/python3'].filter((python): python is string =>
    Boolean(python),
  );
  return candidates.find((python) => !unreadableBy(user, realpathSync(python))) ?? 'python3';
}

function whichPython(): string | undefined {
  try {
    return execFileSync('python3', ['-c', 'import sys; print(sys.executable)'], { encoding: 'utf8' }).trim();
  } catch {
    return undefined;
  }
}
