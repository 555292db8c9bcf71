/**
 * A client's catalog query, rewritten for the DuckDB that answers it (catalog.ts). DuckDB parses
 * PostgreSQL's SQL, but not all of what psql and BI tools send, and its own pg_catalog knows only
 * DuckDB's objects; the rewrites are on tokens, so that nothing inside a string or a quoted name
 * is touched:
 * - `pg_catalog.X` becomes `metaq_pg.X` for what metaq answers, else `X` (DuckDB's functions
 *   and types: `pg_catalog.unnest`, `::pg_catalog.text`); `information_schema.X` likewise.
 * - `OPERATOR(pg_catalog.~)` becomes `~`, and `COLLATE x` goes: DuckDB parses neither (psql's `\d`).
 * - `a ~ 'p'`: DuckDB's `~` matches the whole text, PostgreSQL's any part of it (psql's
 *   `nspname !~ '^pg_'`), so the pattern becomes `(?s).*(?:p).*`; `~*` the same, ignoring case.
 * - `x::regclass` becomes `metaq_pg.regclass_name(x)` (the name, as PostgreSQL prints it), and
 *   `'name'::regclass` becomes `metaq_pg.regclass_oid('name')` (the oid it compares as); the
 *   same for regtype, regnamespace and regrole. DuckDB has no such types.
 * - `FROM generate_series(0, n) s`: PostgreSQL's `s` is also the one column, DuckDB's the row,
 *   so the alias gets its column: `s(s)` (psql's `\d` reads `prattrs[s]`).
 * - `current_user`, `session_user` and `user` become the connected user (DuckDB answers "duckdb"),
 *   `current_catalog` the database (DuckDB answers "memory").
 * Anything else than one SELECT is refused: the DuckDB answers from the catalog alone.
 */
import { isName, nameOf, type Token, tokenize } from './catalog-tokens';
import { NotSupported } from './errors';

export interface CatalogNames {
  /** Relations, functions and types that metaq_pg holds, by their pg_catalog name. */
  pg: ReadonlySet<string>;
  /** Views that metaq_information_schema holds. */
  information: ReadonlySet<string>;
}

/** What DuckDB would answer from its own objects: refused rather than answered wrong. */
const refusedRelations: Record<string, string> = {
  pg_settings: 'pg_settings is not answered: SHOW <name> gives a setting',
};
const refusedFunctions: Record<string, string> = {
  version: 'version() is answered on its own: SELECT version()',
};

export function rewriteCatalogQuery(sql: string, names: CatalogNames): string {
  const tokens = tokenize(sql);
  while (tokens.at(-1)?.text === ';') tokens.pop();
  if (!/^(select|with|values|table)$/i.test(tokens[0]?.text ?? '') && tokens[0]?.text !== '(')
    throw new NotSupported('pg_catalog and information_schema are answered for SELECT statements only');
  if (tokens.some((token) => token.text === ';'))
    throw new NotSupported(
      'a query on pg_catalog or information_schema must come alone, one statement at a time',
    );
  const out: Token[] = [];
  // The clause each parenthesis level is in: an alias gets its column in FROM only.
  const clauses = [''];
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i];
    const word = token.kind === 'word' ? token.text.toLowerCase() : undefined;
    if (token.text === '(') clauses.push('');
    if (token.text === ')') clauses.pop();
    if (word && clauseWords.has(word)) clauses[clauses.length - 1] = word === 'join' ? 'from' : word;
    const name = nameOf(tokens[i + 2]);
    const cast = token.text === '::' ? regCast(tokens, i + 1) : undefined;
    if (cast) {
      castToReg(out, cast.kind);
      i += cast.length;
    } else if (word === 'operator' && tokens[i + 1]?.text === '(') {
      // OPERATOR(pg_catalog.~) or OPERATOR(~): the operator itself.
      const close = tokens.findIndex((t, j) => j > i && t.text === ')');
      if (close < 0) throw new NotSupported('OPERATOR( without its closing parenthesis');
      i = close + regexOperator(out, { ...tokens[close - 1], space: token.space }, tokens[close + 1]);
    } else if (word === 'collate') {
      i += tokens[i + 2]?.text === '.' ? 3 : 1;
    } else if (tokens[i + 1]?.text === '.' && name && nameOf(token) === 'pg_catalog') {
      refuse(name, tokens[i + 3]);
      const text = names.pg.has(name) ? `metaq_pg.${name}` : tokens[i + 2].text;
      out.push({ kind: 'word', text, space: token.space });
      i += 2;
    } else if (tokens[i + 1]?.text === '.' && name && nameOf(token) === 'information_schema') {
      if (names.information.has(name))
        out.push({ kind: 'word', text: `metaq_information_schema.${name}`, space: token.space });
      else out.push(token, tokens[i + 1], tokens[i + 2]);
      i += 2;
    } else if (token.kind === 'op') {
      i += regexOperator(out, token, tokens[i + 1]);
    } else if (word && users.has(word) && tokens[i - 1]?.text !== '.' && tokens[i + 1]?.text !== '(') {
      out.push({
        kind: 'word',
        text: `metaq_pg."${word === 'user' ? 'current_user' : word}"()`,
        space: token.space,
      });
    } else if (
      word &&
      clauses.at(-1) === 'from' &&
      !aliasEnds.has(word) &&
      !clauseWords.has(word) &&
      setReturning(out)
    ) {
      out.push(token, { kind: 'punct', text: '(' }, { ...token, space: '' }, { kind: 'punct', text: ')' });
    } else {
      if (word && tokens[i - 1]?.text !== '.') refuse(word, tokens[i + 1]);
      out.push(token);
    }
  }
  return out.map((token) => `${token.space ?? ''}${token.text}`).join('');
}

/** Words that PostgreSQL reserves for the connected user, and current_catalog (DuckDB says "memory"). */
const users = new Set(['current_user', 'session_user', 'user', 'current_catalog']);

const regTypes = new Set(['regclass', 'regtype', 'regnamespace', 'regrole']);

/** `::regclass` or `::pg_catalog.regclass` at `at`: which, and how many tokens it takes. */
function regCast(tokens: Token[], at: number): { kind: string; length: number } | undefined {
  const qualified = nameOf(tokens[at]) === 'pg_catalog' && tokens[at + 1]?.text === '.';
  const kind = nameOf(tokens[qualified ? at + 2 : at]);
  return kind && regTypes.has(kind) ? { kind, length: qualified ? 3 : 1 } : undefined;
}

/** The operand before `::` (a literal, a number, `a.b`, `f(x)`, `(x)`), wrapped in the cast's macro. */
function castToReg(out: Token[], kind: string): void {
  const last = out.at(-1);
  if (last?.kind === 'string') {
    out.splice(-1, 1, { kind: 'word', text: `metaq_pg.${kind}_oid(${last.text})`, space: last.space });
    return;
  }
  let start = out.length - 1;
  if (last?.text === ')') {
    for (let depth = 0; start >= 0; start--) {
      if (out[start].text === ')') depth++;
      if (out[start].text === '(' && --depth === 0) break;
    }
    if (isName(out[start - 1]) && !keywords.has(out[start - 1].text.toLowerCase())) start--;
  }
  while (out[start - 1]?.text === '.' && isName(out[start - 2])) start -= 2;
  if (!out[start] || !(isName(out[start]) || out[start].kind === 'number' || out[start].text === '('))
    throw new NotSupported(`::${kind} is answered after a name, a call or a parenthesis only`);
  const operand = out.splice(start);
  out.push(
    { kind: 'word', text: `metaq_pg.${kind}_name(`, space: operand[0].space },
    { ...operand[0], space: '' },
    ...operand.slice(1),
    { kind: 'punct', text: ')' },
  );
}

/** Words that start a clause: FROM (or JOIN) is where a set-returning function's alias gets its column. */
const clauseWords = new Set(
  'select from join where group having order limit offset window union except intersect on using'.split(' '),
);

/** Words after a FROM item that are not its alias. */
const aliasEnds = new Set(
  'as where join left right inner outer full cross natural on using order group having limit offset union except intersect window with lateral'.split(
    ' ',
  ),
);

const setFunctions = new Set(['generate_series', 'unnest', 'string_to_array']);

/** Whether `out` ends with `generate_series(...)` or `unnest(...)`, and `AS` maybe: an alias comes. */
function setReturning(out: Token[]): boolean {
  let end = out.length - 1;
  if (out[end]?.text.toLowerCase() === 'as') end--;
  if (out[end]?.text !== ')') return false;
  for (let depth = 0; end >= 0; end--) {
    if (out[end].text === ')') depth++;
    if (out[end].text === '(' && --depth === 0) break;
  }
  return setFunctions.has(out[end - 1]?.text.toLowerCase() ?? '');
}

/** Words before a parenthesis that are not a function's name. */
const keywords = new Set(
  'and or not in is select where on when then else case exists any all some as by from join having distinct values between like ilike'.split(
    ' ',
  ),
);

function refuse(name: string, next: Token | undefined): void {
  const reason = next?.text === '(' ? refusedFunctions[name] : refusedRelations[name];
  if (reason) throw new NotSupported(reason);
}

/** An operator; a regular expression match takes its pattern too (how many tokens it took after it). */
function regexOperator(out: Token[], operator: Token, pattern: Token | undefined): number {
  if (!/^!?~\*?$/.test(operator.text)) {
    out.push(operator);
    return 0;
  }
  out.push({ ...operator, text: operator.text.replace('*', '') }, partialMatch(pattern, operator.text));
  return 1;
}

/** `'p'` as a pattern that DuckDB's whole-text match finds anywhere, as PostgreSQL's `~` does. */
function partialMatch(pattern: Token | undefined, operator: string): Token {
  const literal = pattern?.kind === 'string' ? /^([eE]?')([\s\S]*)'$/.exec(pattern.text) : null;
  if (!literal)
    throw new NotSupported(
      `a regular expression match (${operator}) in a catalog query is answered against a string literal only`,
    );
  const flags = operator.endsWith('*') ? '(?is)' : '(?s)';
  return { kind: 'string', text: `${literal[1]}${flags}.*(?:${literal[2]}).*'`, space: pattern?.space };
}
