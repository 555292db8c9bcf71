/**
 * Structured logs for every handler: one JSON line when it ends, with the state, the query, the
 * time it took and the error, through powertools' logger. The handlers themselves stay unchanged.
 */
import { Logger } from '@aws-lambda-powertools/logger';

export const logger = new Logger({ serviceName: 'metaq' });

type LambdaContext = Parameters<Logger['addContext']>[0];

export function queryIdOf(event: unknown): string | undefined {
  const e = (event ?? {}) as {
    plan?: { queryId?: string };
    queryId?: string;
    sessionId?: string;
    detail?: { name?: string };
    pathParameters?: { id?: string };
  };
  return e.plan?.queryId ?? e.queryId ?? e.sessionId ?? e.detail?.name ?? e.pathParameters?.id;
}

export function logged<E, R>(state: string, handler: (event: E) => Promise<R>) {
  return async (event: E, context?: LambdaContext): Promise<R> => {
    if (context) logger.addContext(context);
    logger.appendKeys({ state, queryId: queryIdOf(event) });
    const started = Date.now();
    try {
      const result = await handler(event);
      logger.info(`${state} finished`, { ms: Date.now() - started });
      return result;
    } catch (error) {
      // Waiting handlers end with NotReadyYet by design: the state's Retry calls them again.
      if (error instanceof Error && error.name === 'NotReadyYet') {
        logger.info(`${state} still waiting`, { ms: Date.now() - started, reason: error.message });
      } else {
        logger.error(`${state} failed`, { ms: Date.now() - started, error: error as Error });
      }
      throw error;
    }
  };
}
