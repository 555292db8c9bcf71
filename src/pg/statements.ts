/**
 * What a statement from a client is, before anything runs: most of what clients send at connect
 * time (SET, SHOW, BEGIN, SELECT version()) is answered here, without launching an engine; the
 * rest is a query, with the metaq options of a leading comment taken off.
 */
import { InvalidSetting } from './errors';

export type Statement =
  | { kind: 'empty' }
  | { kind: 'transaction'; tag: 'BEGIN' | 'COMMIT' | 'ROLLBACK' }
  | { kind: 'set'; name: string; value: string | undefined }
  | { kind: 'show'; name: string }
  | { kind: 'version' }
  | { kind: 'catalog' }
  | { kind: 'query'; sql: string; options: Record<string, string> };

const transactions: [RegExp, 'BEGIN' | 'COMMIT' | 'ROLLBACK'][] = [
  [/^(begin|start\s+transaction)\b/i, 'BEGIN'],
  [/^(commit|end)\b/i, 'COMMIT'],
  [/^(rollback|abort)\b/i, 'ROLLBACK'],
];

const sessionFunction =
  /\b(current_catalog|current_database|current_schemas?|current_user|session_user|current_setting)\b/i;

export function classify(text: string): Statement {
  const { sql, options } = leadingOptions(text);
  const statement = sql.replace(/[\s;]+$/, '').trim();
  if (statement === '') return { kind: 'empty' };
  for (const [pattern, tag] of transactions) if (pattern.test(statement)) return { kind: 'transaction', tag };
  const timeZone = /^set\s+(?:session\s+|local\s+)?time\s+zone\s+(.+)$/is.exec(statement);
  if (timeZone) return { kind: 'set', name: 'timezone', value: settingValue(timeZone[1]) };
  const set = /^set\s+(?:session\s+|local\s+)?([\w.]+)\s*(?:=|\s+to\s+)\s*(.+)$/is.exec(statement);
  if (set) return { kind: 'set', name: set[1].toLowerCase(), value: settingValue(set[2]) };
  const reset = /^reset\s+([\w.]+)$/i.exec(statement);
  if (reset) return { kind: 'set', name: reset[1].toLowerCase(), value: undefined };
  const show = /^show\s+([\w.]+)$/i.exec(statement);
  if (show) return { kind: 'show', name: show[1].toLowerCase() };
  if (/^select\s+(pg_catalog\.)?version\s*\(\s*\)$/i.test(statement)) return { kind: 'version' };
  // psql's \dt and the table lists of BI tools: no engine knows metaq's catalog under these names.
  if (/\b(pg_catalog|information_schema)\s*\./i.test(statement)) return { kind: 'catalog' };
  // What drivers ask of the session (pgJDBC's getColumns: current_catalog): an engine would name its own.
  if (/^select\b/i.test(statement) && !/\bfrom\b/i.test(statement) && sessionFunction.test(statement))
    return { kind: 'catalog' };
  return { kind: 'query', sql: statement, options };
}

/** `'a b'`, `"x"`, `42` or a bare word; DEFAULT resets. Lists (`a, b`) are kept as written. */
export function settingValue(raw: string): string | undefined {
  const value = raw.trim();
  if (/^default$/i.test(value)) return undefined;
  const quoted = /^'((?:[^']|'')*)'$/s.exec(value);
  if (quoted) return quoted[1].replaceAll("''", "'");
  const identifier = /^"((?:[^"]|"")*)"$/s.exec(value);
  if (identifier) return identifier[1].replaceAll('""', '"');
  return value;
}

/**
 * `/* metaq: engine=duckdb workers=1 *\/ SELECT ...`: options for this statement alone, from a
 * comment before anything else. A comment that starts with `metaq:` but is not `key=value` pairs
 * is a mistake worth saying, not SQL to pass on.
 */
export function leadingOptions(text: string): { sql: string; options: Record<string, string> } {
  const comment = /^\s*\/\*\s*metaq\s*:(.*?)\*\//is.exec(text);
  if (!comment) return { sql: text, options: {} };
  const options: Record<string, string> = {};
  for (const pair of comment[1]
    .trim()
    .split(/[\s,]+/)
    .filter(Boolean)) {
    const match = /^([\w.]+)=(.+)$/.exec(pair);
    if (!match)
      throw new InvalidSetting(
        'metaq',
        `the comment /* metaq: ... */ holds "${pair}": write key=value pairs, e.g. /* metaq: engine=duckdb workers=1 */`,
      );
    options[match[1].toLowerCase().replace(/^metaq\./, '')] = match[2];
  }
  return { sql: text.slice(comment[0].length), options };
}
