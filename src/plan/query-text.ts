/**
 * The query's text as a lexer sees it, before any engine does: control characters, and where one
 * statement ends. A second statement after the query would run with the engine's own rights
 * (`SELECT 1; DROP SECRET metaq_s3` did), so a query is exactly one statement. Strings, quoted
 * names and comments are skipped the way the engine's dialect writes them: Spark escapes quotes
 * in strings with a backslash, DuckDB and Drill double them, DuckDB also has $$-quoted strings.
 * Each engine checks again with its own parser; this check gives the clear error before launch.
 */

export interface SqlDialect {
  /** `'it\'s'` is one string (Spark); elsewhere a backslash is an ordinary character. */
  backslashEscapes: boolean;
  /** `$$ ... $$` and `$tag$ ... $tag$` are strings (DuckDB, PostgreSQL). */
  dollarQuotes: boolean;
}

/** The first control character other than tab, line feed and carriage return, with its position. */
export function controlCharacter(sql: string): { code: string; position: number } | undefined {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: finding them is the point.
  const match = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/.exec(sql);
  if (!match) return undefined;
  const code = `U+${match[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`;
  return { code, position: match.index };
}

/** The statements of `sql`: split at semicolons outside strings, names and comments; empty ones dropped. */
export function statements(sql: string, dialect: SqlDialect): string[] {
  const found: string[] = [];
  let start = 0;
  let content = false;
  let i = 0;
  while (i < sql.length) {
    const skipped = skip(sql, i, dialect);
    if (skipped.end > i) {
      content ||= skipped.content;
      i = skipped.end;
      continue;
    }
    if (sql[i] === ';') {
      if (content) found.push(sql.slice(start, i).trim());
      start = i + 1;
      content = false;
    } else if (!/\s/.test(sql[i])) {
      content = true;
    }
    i++;
  }
  if (content) found.push(sql.slice(start).trim());
  return found;
}

/** The end of the string, quoted name or comment at `i` (or `i` when there is none there). */
export function skip(sql: string, i: number, dialect: SqlDialect): { end: number; content: boolean } {
  const two = sql.slice(i, i + 2);
  if (two === '--') return { end: lineEnd(sql, i), content: false };
  if (two === '/*') return { end: commentEnd(sql, i), content: false };
  const char = sql[i];
  if (char === "'" || char === '"') {
    // DuckDB's E'...' strings take backslash escapes too.
    const escaped =
      dialect.backslashEscapes || (char === "'" && /(^|\W)[eE]$/.test(sql.slice(Math.max(0, i - 2), i)));
    return { end: quotedEnd(sql, i, char, escaped), content: true };
  }
  if (char === '`') return { end: quotedEnd(sql, i, char, false), content: true };
  if (char === '$' && dialect.dollarQuotes) {
    const tag = /^\$[A-Za-z_]*\$/.exec(sql.slice(i))?.[0];
    if (tag) {
      const close = sql.indexOf(tag, i + tag.length);
      return { end: close < 0 ? sql.length : close + tag.length, content: true };
    }
  }
  return { end: i, content: false };
}

function lineEnd(sql: string, i: number): number {
  const newline = sql.indexOf('\n', i);
  return newline < 0 ? sql.length : newline + 1;
}

/** Block comments nest in DuckDB, PostgreSQL and Spark. */
function commentEnd(sql: string, i: number): number {
  let depth = 0;
  let j = i;
  while (j < sql.length) {
    const two = sql.slice(j, j + 2);
    if (two === '/*') {
      depth++;
      j += 2;
    } else if (two === '*/') {
      depth--;
      j += 2;
      if (depth === 0) return j;
    } else {
      j++;
    }
  }
  return sql.length;
}

/** A doubled quote stays inside; with `escaped`, so does a quote after a backslash. */
function quotedEnd(sql: string, i: number, quote: string, escaped: boolean): number {
  let j = i + 1;
  while (j < sql.length) {
    if (escaped && sql[j] === '\\') {
      j += 2;
    } else if (sql[j] === quote) {
      if (sql[j + 1] !== quote) return j + 1;
      j += 2;
    } else {
      j++;
    }
  }
  return sql.length;
}
