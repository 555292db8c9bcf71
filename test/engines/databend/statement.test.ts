/**
 * The first half of Databend's gate, the lexer's (gate.ts), run by the system's Python without
 * Databend: one statement, no hints, and INTERVAL arithmetic as date_add.
 */
import { execFileSync } from 'node:child_process';
import { databendGate } from '../../../src/engines/databend/gate';
import { prelude } from '../../../src/engines/embedded/prelude';

/** What statement_text makes of each text: the SQL Databend gets, or the refusal. */
function statementTexts(texts: string[]): string[] {
  const script = `${prelude.replace("answers = os.fdopen(3, 'w', encoding='utf-8')", '')}
${databendGate}
def attempt(sql):
    try:
        return statement_text(sql)
    except Refused as error:
        return 'Refused: ' + str(error)
print(json.dumps([attempt(sql) for sql in json.load(sys.stdin)]))
`;
  return JSON.parse(
    execFileSync('python3', ['-c', script], { input: JSON.stringify(texts), encoding: 'utf8' }),
  );
}

describe('statement_text', () => {
  const cases: [string, string][] = [
    ['SELECT 1;', 'SELECT 1'],
    ["SELECT ';' AS s; -- done", "SELECT ';' AS s"],
    ['SELECT $$a;b$$ AS s', 'SELECT $$a;b$$ AS s'],
    ["SELECT 'it\\'s; x' AS s", "SELECT 'it\\'s; x' AS s"],
    ["SELECT '/*+ no hint */' AS s", "SELECT '/*+ no hint */' AS s"],
    ['SELECT 1; SELECT 2', 'Refused: databend runs one query, and this text holds more than one statement'],
    [
      'SELECT 1 /* ; */; DROP DATABASE x',
      'Refused: databend runs one query, and this text holds more than one statement',
    ],
    [
      'SELECT /*+ SET_VAR(max_threads=64) */ 1',
      'Refused: databend refuses optimizer hints (/*+ ... */): metaq sets the settings',
    ],
    [
      "WHERE l_shipdate > o_orderdate + INTERVAL '60' DAY",
      'WHERE l_shipdate > date_add(DAY, 60, o_orderdate)',
    ],
    ["d <= date '1998-12-01' - interval '90' day", "d <= date_add(DAY, -90, date '1998-12-01')"],
    ["d < DATE '1994-01-01' + INTERVAL '1' YEAR", "d < date_add(YEAR, 1, DATE '1994-01-01')"],
    ['d < cast(x AS date) + interval 3 month', 'd < date_add(MONTH, 3, cast(x AS date))'],
    ["d < t.d + interval '3 months'", 'd < date_add(MONTH, 3, t.d)'],
    ["d - INTERVAL '-2' DAY", 'date_add(DAY, 2, d)'],
    // Not arithmetic on a value metaq can see: left for Databend to say so.
    ["SELECT interval '1' day", "SELECT interval '1' day"],
    ["d + interval '1' fortnight", "d + interval '1' fortnight"],
  ];
  const results = statementTexts(cases.map(([sql]) => sql));
  it.each(cases.map(([sql, expected], i) => [sql, expected, results[i]]))('%s', (_, expected, result) => {
    expect(result).toBe(expected);
  });
});
