/**
 * The tokens of a client's catalog query, as PostgreSQL's lexer cuts them (strings, quoted names,
 * dollar quotes, comments), for the rewrites of catalog-rewrite.ts: working on tokens, they touch
 * nothing inside a string or a quoted name.
 */
import { NotSupported } from './errors';

export interface Token {
  kind: 'space' | 'word' | 'quoted' | 'string' | 'number' | 'op' | 'punct';
  text: string;
  /** The white space and comments before it, kept so that DuckDB's messages quote the query as sent. */
  space?: string;
}

const tokenPatterns: [Token['kind'], RegExp][] = [
  ['space', /\s+|--[^\n]*|\/\*[\s\S]*?\*\//y],
  [
    'string',
    /[eE]'(?:[^'\\]|\\[\s\S]|'')*'|(?:[bBxXnN]|[uU]&)?'(?:[^']|'')*'|\$([A-Za-z_]\w*)?\$[\s\S]*?\$\1\$/y,
  ],
  ['quoted', /"(?:[^"]|"")*"/y],
  ['word', /[A-Za-z_\u0080-\uffff][\w$\u0080-\uffff]*/y],
  ['number', /(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?|\$\d+/y],
  // An operator stops before a comment, as PostgreSQL's lexer does.
  ['op', /(?:(?!--|\/\*)[+\-*/<>=~!@#%^&|`?])+/y],
  ['punct', /::|[()[\],;.:]/y],
];

/** The tokens of a statement, white space and comments folded into the `space` of the next one. */
export function tokenize(sql: string): Token[] {
  const tokens: Token[] = [];
  let space = '';
  let at = 0;
  while (at < sql.length) {
    const match = tokenPatterns
      .map(([kind, pattern]) => {
        pattern.lastIndex = at;
        const found = pattern.exec(sql);
        return found ? { kind, text: found[0] } : undefined;
      })
      .find(Boolean);
    if (!match) throw new NotSupported(`the catalog query could not be read at "${sql.slice(at, at + 20)}"`);
    at += match.text.length;
    if (match.kind === 'space')
      space += match.text.startsWith('-') || match.text.startsWith('/') ? ' ' : match.text;
    else {
      tokens.push({ ...match, space });
      space = '';
    }
  }
  return tokens;
}

export function isName(token: Token | undefined): token is Token {
  return token?.kind === 'word' || token?.kind === 'quoted';
}

export function nameOf(token: Token | undefined): string | undefined {
  if (token?.kind === 'word') return token.text.toLowerCase();
  if (token?.kind === 'quoted') return token.text.slice(1, -1).replaceAll('""', '"');
  return undefined;
}
