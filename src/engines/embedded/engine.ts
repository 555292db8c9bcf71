/**
 * An embedded engine on a worker: its host process (host.ts) opens the query's tables at start and
 * runs the query on request. ClickHouse (chdb) and Databend are such engines; each gives its
 * script and the configuration its `start` reads.
 */
import { QueryRefused } from '../errors';
import type { EngineContext, QueryOutcome, QueryTask, RunningEngine } from '../types';
import { EmbeddedQueryFailed, EmbeddedStartFailed } from './errors';
import { type HostAnswer, startHost } from './host';
import { venvPython } from './install';

export interface EmbeddedEngine {
  name: string;
  /** The engine's Python: `start(config)` and `run(engine, task)`, then `serve(start, run)`. */
  script: string;
  /** What the script's `start` receives: tables, S3 access, limits (sent on stdin, never in a file). */
  config(context: EngineContext): object;
  /** What the script's `run` receives for a task (the task itself unless said). */
  request?(task: QueryTask): object;
}

const reason = (answer: HostAnswer) =>
  `${answer.errorClass ?? 'Error'}: ${answer.error ?? 'no reason given'}`;

export async function startEmbedded(context: EngineContext, engine: EmbeddedEngine): Promise<RunningEngine> {
  const python = venvPython(context.enginesDir, engine.name);
  const host = startHost(engine.name, python, engine.script, context.workDir);
  try {
    const started = await host.request(
      { op: 'start', config: engine.config(context) },
      context.startTimeoutMs,
    );
    if (!started.ok) throw new EmbeddedStartFailed(`${engine.name} could not start: ${reason(started)}`);
  } catch (error) {
    await host.stop();
    throw error;
  }
  return {
    run: async (task: QueryTask): Promise<QueryOutcome> => {
      const answer = await host.request({ op: 'run', task: engine.request?.(task) ?? task });
      if (!answer.ok && answer.refused)
        throw new QueryRefused(answer.error ?? `${engine.name} refused the query`);
      if (!answer.ok) throw new EmbeddedQueryFailed(reason(answer));
      return {
        rows: answer.rows as number,
        columns: answer.columns as QueryOutcome['columns'],
        preview: answer.preview as QueryOutcome['preview'],
        files: answer.files as string[],
      };
    },
    stop: () => host.stop(),
  };
}
