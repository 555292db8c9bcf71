/** The commands that need the embedded runtime start it for their own duration. */
import { settings } from '../config';
import { engine } from '../engines/registry';
import { type LocalRuntime, startRuntime } from '../local/runtime';

export async function withRuntime<T>(work: (runtime: LocalRuntime) => Promise<T>): Promise<T> {
  const runtime = await startRuntime();
  try {
    return await work(runtime);
  } finally {
    await runtime.stop();
  }
}

/** DuckDB is the default engine: its S3 extension is fetched on first use, with a word on stderr. */
export async function ensureDuckdb(): Promise<void> {
  const { enginesDir } = settings();
  const { install } = engine('duckdb');
  if (install.installed(enginesDir)) return;
  process.stderr.write(
    'DuckDB needs its httpfs extension for S3; installing it once (metaq engines install duckdb)\n',
  );
  await install.install(enginesDir, (line) => process.stderr.write(`  ${line}\n`));
}
