/** Errors every engine may raise; an engine's own errors live in its folder. */

/**
 * The engine's own parser or planner found that the query reaches beyond what it was given (a
 * table or schema it was not given, a second statement, a shell command, a setting): it is refused
 * before it runs. Submit and StartEngine keep this name, so the history says "refused", not "failed".
 */
export class QueryRefused extends Error {
  override name = 'QueryRefused' as const;
}
