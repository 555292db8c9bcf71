/**
 * The statements answered without an engine: what clients send around their queries. Each gives
 * the messages of its answer (without ReadyForQuery, which the session sends after every Query).
 */
import {
  commandComplete,
  dataRow,
  emptyQueryResponse,
  type FieldDescription,
  parameterStatus,
  rowDescription,
} from './messages';
import { PG } from './pg-types';
import type { SessionSettings } from './settings';
import { SERVER_VERSION } from './settings';
import type { Statement } from './statements';

/** A catalog query is answered by catalog.ts, from metaq's catalog of tables. */
export type LocalStatement = Exclude<Statement, { kind: 'query' } | { kind: 'catalog' }>;

export function versionText(metaqVersion: string): string {
  // Tools read the leading "PostgreSQL <major>.<minor>" to pick the SQL they send.
  return `PostgreSQL ${SERVER_VERSION} (metaq ${metaqVersion}: an engine of its own for every query)`;
}

export function answerLocally(
  statement: LocalStatement,
  settings: SessionSettings,
  metaqVersion: string,
): Buffer[] {
  switch (statement.kind) {
    case 'empty':
      return [emptyQueryResponse()];
    case 'transaction':
      // metaq runs every statement on its own engine: there is nothing to commit or roll back.
      return [commandComplete(statement.tag)];
    case 'set': {
      const reported = settings.set(statement.name, statement.value);
      return [
        ...(reported ? [parameterStatus(reported.name, reported.value)] : []),
        commandComplete(statement.value === undefined ? 'RESET' : 'SET'),
      ];
    }
    case 'show':
      return oneValue(statement.name, settings.show(statement.name), 'SHOW');
    case 'version':
      return oneValue('version', versionText(metaqVersion), 'SELECT 1');
  }
}

function oneValue(column: string, value: string, tag: string): Buffer[] {
  const field: FieldDescription = { name: column, typeOid: PG.text.oid, typeSize: PG.text.size };
  return [rowDescription([field]), dataRow([value]), commandComplete(tag)];
}
