/** `metaq demo`: a small data set of its own, registered, and a few real analytical queries on it. */
import os from 'node:os';
import path from 'node:path';
import { demoQueries, writeDemoData } from '../local/demo-data';
import { runLocalQuery } from '../local/run-query';
import { uploadTable } from '../local/upload';
import { registerTable } from '../plan/register-table';
import { progressPrinter } from './progress';
import { describeReport } from './query';
import { runViaServe, withServeOrRuntime } from './remote';
import { ensureDuckdb } from './runtime';

export async function demoCommand(): Promise<number> {
  await ensureDuckdb();
  const folder = path.join(os.tmpdir(), `metaq-demo-${process.pid}`);
  process.stderr.write(`making a small TPC-H-like data set in ${folder}\n`);
  const files = await writeDemoData(folder);
  return withServeOrRuntime(async (serve) => {
    for (const [name, file] of Object.entries(files)) {
      const uploaded = await uploadTable(name, file);
      const entry = await registerTable(name, `${uploaded.location}${path.basename(file)}`, 'parquet');
      process.stderr.write(
        `  table ${name}: ${entry.files} file, ${entry.bytes} bytes at ${entry.location}\n`,
      );
    }
    let failures = 0;
    for (const { title, sql } of demoQueries) {
      process.stdout.write(`\n${title}\n${sql}\n`);
      const report = serve
        ? await runViaServe(serve, { sql }, progressPrinter())
        : await runLocalQuery({ sql }, { onEvent: progressPrinter() });
      process.stdout.write(`${describeReport(report)}\n`);
      if (report.status !== 'SUCCEEDED') failures++;
    }
    process.stdout.write(
      `\n${demoQueries.length - failures} of ${demoQueries.length} demo queries succeeded. Try: metaq history\n`,
    );
    return failures === 0 ? 0 : 1;
  });
}
