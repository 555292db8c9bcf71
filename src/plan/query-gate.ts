/**
 * What the optimizer refuses in a query before anything is launched: more than one statement,
 * anything but a query, tables named with a schema or catalog, and `config` keys the engine does
 * not take. Each engine checks again with its own parser (its gate), which also sees the dialect
 * this parser does not read; this one gives the clear `InvalidQueryInput` while it still can.
 */
import type { EngineTraits } from '../engines/types';
import { InvalidQueryInput } from './errors';
import { statements } from './query-text';
import type { TableReferences } from './referenced-tables';
import type { EngineName } from './types';

const ONE_QUERY = 'Send one query (SELECT ...) per execution: metaq runs nothing else';

export function assertOneStatement(sql: string, engine: EngineName, traits: EngineTraits): void {
  const found = statements(sql, traits.sql);
  if (found.length === 0)
    throw new InvalidQueryInput(
      'sql',
      'holds only comments',
      'Pass the query text, e.g. {"sql": "SELECT 42"}',
    );
  if (found.length > 1)
    throw new InvalidQueryInput(
      'sql',
      `holds ${found.length} statements as ${engine} reads it (the second: ${JSON.stringify(found[1].slice(0, 60))})`,
      ONE_QUERY,
    );
}

/** Only what the parser read exactly: otherwise the engine's own gate decides. */
export function assertOnlyItsTables(references: TableReferences): void {
  if (references.kinds.length > 1)
    throw new InvalidQueryInput('sql', `holds ${references.kinds.length} statements`, ONE_QUERY);
  const other = references.kinds.find((kind) => kind !== 'select');
  if (other)
    throw new InvalidQueryInput('sql', `is a ${other.toUpperCase()} statement, not a query`, ONE_QUERY);
  if (references.qualified.length > 0)
    throw new InvalidQueryInput(
      'sql',
      `reads ${references.qualified.join(', ')}: a query reads only the tables it was given, by their own names`,
      'Name the tables without a schema or catalog (FROM lineitem), and register or pass each one (metaq tables add, --table)',
    );
}

export function assertConfig(
  config: Record<string, string | number | boolean>,
  engine: EngineName,
  traits: EngineTraits,
): void {
  const { prefix, accepted, accepts } = traits.config;
  for (const [key, value] of Object.entries(config)) {
    if (!key.startsWith(prefix))
      throw new InvalidQueryInput(
        `config.${key}`,
        `is not a setting of ${engine}, the engine this query runs on`,
        `Settings of ${engine} start with "${prefix}"; it takes: ${accepted}`,
      );
    if (!accepts(key, value))
      throw new InvalidQueryInput(
        `config.${key}`,
        `${engine} does not take this setting per query (got ${JSON.stringify(value)})`,
        `It takes: ${accepted}`,
      );
  }
}
