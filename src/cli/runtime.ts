/** The commands that need the embedded runtime start it for their own duration. */
import { settings } from '../config';
import { duckdbInstalled, installDuckdb } from '../engines/duckdb/install';
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
export function ensureDuckdb(): void {
  const { enginesDir } = settings();
  if (duckdbInstalled(enginesDir)) return;
  process.stderr.write(
    'DuckDB needs its httpfs extension for S3; installing it once (metaq engines install duckdb)\n',
  );
  installDuckdb(enginesDir, (line) => process.stderr.write(`  ${line}\n`));
}
