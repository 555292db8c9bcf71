/** Errors every engine may raise; an engine's own errors live in its folder. */

/** The engine is not installed where this machine's workers look: said before anything is launched. */
export class EngineNotInstalled extends Error {
  override name = 'EngineNotInstalled' as const;
  constructor(engine: string, enginesDir: string, missing?: string, options?: ErrorOptions) {
    super(
      `${engine} is not installed in ${enginesDir}${missing ? ` (${missing})` : ''}: run \`metaq engines install ${engine}\``,
      options,
    );
  }
}

/**
 * The engine's own parser or planner found that the query reaches beyond what it was given (a
 * table or schema it was not given, a second statement, a shell command, a setting): it is refused
 * before it runs. Submit and StartEngine keep this name, so the history says "refused", not "failed".
 */
export class QueryRefused extends Error {
  override name = 'QueryRefused' as const;
}
