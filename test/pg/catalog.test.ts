/**
 * Catalog queries answered from metaq's catalog, without an engine or a server: the texts psql 15
 * sends for `\dt`, `\dn` and `\d lineitem` (captured with `psql -E`), and those of BI tools.
 */
import { answerCatalog, PgCatalog } from '../../src/pg/catalog';
import { rewriteCatalogQuery } from '../../src/pg/catalog-rewrite';
import { relationOids } from '../../src/pg/catalog-rows';
import { errorFields } from '../../src/pg/sqlstate';
import type { CatalogEntry } from '../../src/plan/catalog';

const entry = (name: string, columns: [string, string][], bytes = 1024): CatalogEntry => ({
  name,
  location: `s3://metaq-data/tables/${name}/`,
  format: 'parquet',
  bytes,
  files: 1,
  addedAt: '2026-01-01T00:00:00Z',
  columns: columns.map(([column, type]) => ({ name: column, type })),
});

const lineitem = entry(
  'lineitem',
  [
    ['l_orderkey', 'BIGINT'],
    ['l_linenumber', 'INTEGER'],
    ['l_quantity', 'DECIMAL(15,2)'],
    ['l_returnflag', 'VARCHAR'],
    ['l_shipdate', 'DATE'],
    ['l_tax', 'DOUBLE'],
    ['l_ok', 'BOOLEAN'],
    ['l_ts', 'TIMESTAMP WITH TIME ZONE'],
    ['l_tags', 'VARCHAR[]'],
  ],
  123_456,
);
const orders = entry('orders', [['o_orderkey', 'INTEGER']]);

let tables: CatalogEntry[];
const catalog = new PgCatalog(async () => tables, 500);
beforeEach(() => {
  tables = [lineitem, orders];
});
afterAll(() => catalog.close());

const rows = async (sql: string) => (await catalog.answer(sql, 'ada')).rows;
const oid = () => relationOids(tables.map((table) => table.name)).get('lineitem');

const psql = {
  dt: `SELECT n.nspname as "Schema",
  c.relname as "Name",
  CASE c.relkind WHEN 'r' THEN 'table' WHEN 'v' THEN 'view' WHEN 'm' THEN 'materialized view' WHEN 'i' THEN 'index' WHEN 'S' THEN 'sequence' WHEN 't' THEN 'TOAST table' WHEN 'f' THEN 'foreign table' WHEN 'p' THEN 'partitioned table' WHEN 'I' THEN 'partitioned index' END as "Type",
  pg_catalog.pg_get_userbyid(c.relowner) as "Owner"
FROM pg_catalog.pg_class c
     LEFT JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
     LEFT JOIN pg_catalog.pg_am am ON am.oid = c.relam
WHERE c.relkind IN ('r','p','')
      AND n.nspname <> 'pg_catalog'
      AND n.nspname !~ '^pg_toast'
      AND n.nspname <> 'information_schema'
  AND pg_catalog.pg_table_is_visible(c.oid)
ORDER BY 1,2;`,
  dn: `SELECT n.nspname AS "Name",
  pg_catalog.pg_get_userbyid(n.nspowner) AS "Owner"
FROM pg_catalog.pg_namespace n
WHERE n.nspname !~ '^pg_' AND n.nspname <> 'information_schema'
ORDER BY 1;`,
  // `\d lineitem`, in the order psql sends them: the oid first, then the rest by it.
  dFind: `SELECT c.oid,
  n.nspname,
  c.relname
FROM pg_catalog.pg_class c
     LEFT JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
WHERE c.relname OPERATOR(pg_catalog.~) '^(lineitem)$' COLLATE pg_catalog.default
  AND pg_catalog.pg_table_is_visible(c.oid)
ORDER BY 2, 3;`,
  dTable: (
    oid: number,
  ) => `SELECT c.relchecks, c.relkind, c.relhasindex, c.relhasrules, c.relhastriggers, c.relrowsecurity, c.relforcerowsecurity, false AS relhasoids, c.relispartition, pg_catalog.array_to_string(c.reloptions || array(select 'toast.' || x from pg_catalog.unnest(tc.reloptions) x), ', ')
, c.reltablespace, CASE WHEN c.reloftype = 0 THEN '' ELSE c.reloftype::pg_catalog.regtype::pg_catalog.text END, c.relpersistence, c.relreplident, am.amname
FROM pg_catalog.pg_class c
 LEFT JOIN pg_catalog.pg_class tc ON (c.reltoastrelid = tc.oid)
LEFT JOIN pg_catalog.pg_am am ON (c.relam = am.oid)
WHERE c.oid = '${oid}';`,
  dColumns: (oid: number) => `SELECT a.attname,
  pg_catalog.format_type(a.atttypid, a.atttypmod),
  (SELECT pg_catalog.pg_get_expr(d.adbin, d.adrelid, true)
   FROM pg_catalog.pg_attrdef d
   WHERE d.adrelid = a.attrelid AND d.adnum = a.attnum AND a.atthasdef),
  a.attnotnull,
  (SELECT c.collname FROM pg_catalog.pg_collation c, pg_catalog.pg_type t
   WHERE c.oid = a.attcollation AND t.oid = a.atttypid AND a.attcollation <> t.typcollation) AS attcollation,
  a.attidentity,
  a.attgenerated
FROM pg_catalog.pg_attribute a
WHERE a.attrelid = '${oid}' AND a.attnum > 0 AND NOT a.attisdropped
ORDER BY a.attnum;`,
  dEmpty: (oid: number) => [
    `SELECT pol.polname, pol.polpermissive,
  CASE WHEN pol.polroles = '{0}' THEN NULL ELSE pg_catalog.array_to_string(array(select rolname from pg_catalog.pg_roles where oid = any (pol.polroles) order by 1),',') END,
  pg_catalog.pg_get_expr(pol.polqual, pol.polrelid),
  pg_catalog.pg_get_expr(pol.polwithcheck, pol.polrelid),
  CASE pol.polcmd
    WHEN 'r' THEN 'SELECT'
    WHEN 'a' THEN 'INSERT'
    WHEN 'w' THEN 'UPDATE'
    WHEN 'd' THEN 'DELETE'
    END AS cmd
FROM pg_catalog.pg_policy pol
WHERE pol.polrelid = '${oid}' ORDER BY 1;`,
    `SELECT oid, stxrelid::pg_catalog.regclass, stxnamespace::pg_catalog.regnamespace::pg_catalog.text AS nsp, stxname,
pg_catalog.pg_get_statisticsobjdef_columns(oid) AS columns,
  'd' = any(stxkind) AS ndist_enabled,
  'f' = any(stxkind) AS deps_enabled,
  'm' = any(stxkind) AS mcv_enabled,
stxstattarget
FROM pg_catalog.pg_statistic_ext
WHERE stxrelid = '${oid}'
ORDER BY nsp, stxname;`,
    `SELECT pubname
     , NULL
     , NULL
FROM pg_catalog.pg_publication p
     JOIN pg_catalog.pg_publication_namespace pn ON p.oid = pn.pnpubid
     JOIN pg_catalog.pg_class pc ON pc.relnamespace = pn.pnnspid
WHERE pc.oid ='${oid}' and pg_catalog.pg_relation_is_publishable('${oid}')
UNION
SELECT pubname
     , pg_get_expr(pr.prqual, c.oid)
     , (CASE WHEN pr.prattrs IS NOT NULL THEN
         (SELECT string_agg(attname, ', ')
           FROM pg_catalog.generate_series(0, pg_catalog.array_upper(pr.prattrs::pg_catalog.int2[], 1)) s,
                pg_catalog.pg_attribute
          WHERE attrelid = pr.prrelid AND attnum = prattrs[s])
        ELSE NULL END) FROM pg_catalog.pg_publication p
     JOIN pg_catalog.pg_publication_rel pr ON p.oid = pr.prpubid
     JOIN pg_catalog.pg_class c ON c.oid = pr.prrelid
WHERE pr.prrelid = '${oid}'
UNION
SELECT pubname
     , NULL
     , NULL
FROM pg_catalog.pg_publication p
WHERE p.puballtables AND pg_catalog.pg_relation_is_publishable('${oid}')
ORDER BY 1;`,
    `SELECT c.oid::pg_catalog.regclass
FROM pg_catalog.pg_class c, pg_catalog.pg_inherits i
WHERE c.oid = i.inhparent AND i.inhrelid = '${oid}'
  AND c.relkind != 'p' AND c.relkind != 'I'
ORDER BY inhseqno;`,
    `SELECT c.oid::pg_catalog.regclass, c.relkind, inhdetachpending, pg_catalog.pg_get_expr(c.relpartbound, c.oid)
FROM pg_catalog.pg_class c, pg_catalog.pg_inherits i
WHERE c.oid = i.inhrelid AND i.inhparent = '${oid}'
ORDER BY pg_catalog.pg_get_expr(c.relpartbound, c.oid) = 'DEFAULT', c.oid::pg_catalog.regclass::pg_catalog.text;`,
  ],
};

describe('Class: PgCatalog, psql 15', () => {
  it('\\dt: the catalog tables in public, owned by metaq', async () => {
    expect(await rows(psql.dt)).toEqual([
      ['public', 'lineitem', 'table', 'metaq'],
      ['public', 'orders', 'table', 'metaq'],
    ]);
  });

  it("\\dn: public alone (PostgreSQL's partial match for !~ '^pg_' leaves pg_catalog out)", async () => {
    expect(await rows(psql.dn)).toEqual([['public', 'metaq']]);
  });

  it('\\d lineitem: the oid, then the table, then its columns with PostgreSQL type names', async () => {
    const found = await rows(psql.dFind);
    expect(found).toEqual([[String(oid()), 'public', 'lineitem']]);
    const id = Number(found[0][0]);
    const table = await catalog.answer(psql.dTable(id), 'ada');
    // relchecks, relkind, relhasindex, ... relpersistence, relreplident, amname
    expect(table.rows).toEqual([
      ['0', 'r', 'f', 'f', 'f', 'f', 'f', 'f', 'f', null, '0', '', 'p', 'd', 'heap'],
    ]);
    expect(table.fields.slice(0, 3).map((field) => field.typeOid)).toEqual([21, 25, 16]);
    const columns = await rows(psql.dColumns(id));
    expect(columns.map(([name, type, , notNull]) => [name, type, notNull])).toEqual([
      ['l_orderkey', 'bigint', 'f'],
      ['l_linenumber', 'integer', 'f'],
      ['l_quantity', 'numeric(15,2)', 'f'],
      ['l_returnflag', 'text', 'f'],
      ['l_shipdate', 'date', 'f'],
      ['l_tax', 'double precision', 'f'],
      ['l_ok', 'boolean', 'f'],
      ['l_ts', 'timestamp with time zone', 'f'],
      // Sent as text (result-rows.ts), so shown as text.
      ['l_tags', 'text', 'f'],
    ]);
    for (const sql of psql.dEmpty(id)) expect(await rows(sql)).toEqual([]);
  });

  it('a table added to the catalog shows in the next query, and the others keep their oid', async () => {
    const before = await rows(psql.dFind);
    tables = [...tables, entry('customer', [['c_name', 'VARCHAR']])];
    expect((await rows(psql.dt)).map((row) => row[1])).toEqual(['customer', 'lineitem', 'orders']);
    expect(await rows(psql.dFind)).toEqual(before);
  });
});

describe('Class: PgCatalog, BI tools', () => {
  it('information_schema.tables and .columns, with PostgreSQL data types and precisions', async () => {
    expect(
      await rows(
        "SELECT table_catalog, table_schema, table_name, table_type FROM information_schema.tables WHERE table_schema NOT IN ('pg_catalog', 'information_schema') ORDER BY 3",
      ),
    ).toEqual([
      ['metaq', 'public', 'lineitem', 'BASE TABLE'],
      ['metaq', 'public', 'orders', 'BASE TABLE'],
    ]);
    const columns = await catalog.answer(
      "SELECT column_name, ordinal_position, data_type, udt_name, numeric_precision, numeric_scale FROM information_schema.columns WHERE table_name = 'lineitem' AND column_name IN ('l_orderkey', 'l_quantity', 'l_returnflag') ORDER BY ordinal_position",
      'ada',
    );
    expect(columns.rows).toEqual([
      ['l_orderkey', '1', 'bigint', 'int8', '64', '0'],
      ['l_quantity', '3', 'numeric', 'numeric', '15', '2'],
      ['l_returnflag', '4', 'text', 'text', null, null],
    ]);
    expect(columns.fields.map((field) => [field.name, field.typeOid])).toEqual([
      ['column_name', 25],
      ['ordinal_position', 23],
      ['data_type', 25],
      ['udt_name', 25],
      ['numeric_precision', 23],
      ['numeric_scale', 23],
    ]);
  });

  it("pgjdbc's getColumns: pg_attribute joined to pg_type by PostgreSQL type oids", async () => {
    const sql = `SELECT c.relname, a.attname, a.atttypid, t.typname, a.atttypmod FROM pg_catalog.pg_namespace n
      JOIN pg_catalog.pg_class c ON (c.relnamespace = n.oid) JOIN pg_catalog.pg_attribute a ON (a.attrelid = c.oid)
      JOIN pg_catalog.pg_type t ON (a.atttypid = t.oid)
      LEFT JOIN pg_catalog.pg_description dsc ON (c.oid = dsc.objoid AND a.attnum = dsc.objsubid AND dsc.classoid = 'pg_class'::regclass)
      WHERE c.relkind IN ('r','p','v','f','m') AND a.attnum > 0 AND NOT a.attisdropped AND n.nspname LIKE 'public' AND c.relname LIKE 'lineitem'
      ORDER BY a.attnum LIMIT 3`;
    expect(await rows(sql)).toEqual([
      ['lineitem', 'l_orderkey', '20', 'int8', '-1'],
      ['lineitem', 'l_linenumber', '23', 'int4', '-1'],
      // numeric(15,2): ((15 << 16) | 2) + 4
      ['lineitem', 'l_quantity', '1700', 'numeric', String(((15 << 16) | 2) + 4)],
    ]);
  });

  it("Grafana's table list: the search_path read through string_to_array and generate_series", async () => {
    const sql = `SELECT table_name FROM information_schema.tables WHERE table_schema IN (SELECT CASE WHEN trim(s[i]) = '"$user"' THEN user ELSE trim(s[i]) END FROM generate_series(array_lower(string_to_array(current_setting('search_path'),','),1), array_upper(string_to_array(current_setting('search_path'),','),1)) as i, string_to_array(current_setting('search_path'),',') s) ORDER BY 1`;
    expect(await rows(sql)).toEqual([['lineitem'], ['orders']]);
  });

  it('regclass both ways, the connected user, and columns named as PostgreSQL names them', async () => {
    const answer = await catalog.answer(
      "SELECT 'public.lineitem'::regclass = c.oid AS same, c.oid::regclass, current_user, pg_catalog.format_type(1700, 983046), count(*) FROM pg_catalog.pg_class c WHERE c.relname = 'lineitem' GROUP BY c.oid",
      'ada',
    );
    expect(answer.fields.map((field) => field.name)).toEqual([
      'same',
      'oid',
      'current_user',
      'format_type',
      'count',
    ]);
    expect(answer.rows).toEqual([['t', 'lineitem', 'ada', 'numeric(15,2)', '1']]);
  });

  it("what drivers ask of the session: metaq's database, public and the connected user, not DuckDB's own", async () => {
    const answer = await catalog.answer(
      'SELECT current_catalog, current_database(), current_schema(), session_user',
      'ada',
    );
    expect(answer.fields.map((field) => field.name)).toEqual([
      'current_catalog',
      'current_database',
      'current_schema',
      'session_user',
    ]);
    expect(answer.rows).toEqual([['metaq', 'metaq', 'public', 'ada']]);
  });
});

describe('Class: PgCatalog, what it does not answer', () => {
  it.each([
    ['SELECT * FROM pg_catalog.pg_operator', /could not answer this query: .*pg_operator does not exist/],
    ['SELECT name, setting FROM pg_catalog.pg_settings', /pg_settings is not answered: SHOW/],
    ['SELECT pg_catalog.version(), 1 FROM pg_catalog.pg_class', /version\(\) is answered on its own/],
    [
      "SELECT * FROM read_csv('/etc/passwd') WHERE pg_catalog.pg_table_is_visible(1)",
      /file system operations are disabled/,
    ],
    ['SELECT 1 FROM pg_catalog.pg_class; DROP TABLE metaq_pg.pg_class', /one statement at a time/],
    ['DELETE FROM pg_catalog.pg_class', /for SELECT statements only/],
    ['SELECT relname FROM pg_catalog.pg_class WHERE relname ~ relname', /against a string literal only/],
    ["SELECT 'nope'::regclass FROM pg_catalog.pg_class", /relation "nope" does not exist/],
    ['SELECT pg_catalog.pg_sleep(60)', /ran longer than 0.5 s/],
  ])('%s: NotSupported (0A000), with why', async (sql, message) => {
    const error = await catalog.answer(sql, 'ada').catch((caught) => caught);
    expect(error).toMatchObject({ name: 'NotSupported', message: expect.stringMatching(message) });
    expect(errorFields(error).code).toBe('0A000');
  });

  it('a catalog that cannot be read: CatalogUnreadable (XX000), saying so', async () => {
    const unreadable = new PgCatalog(async () => {
      throw new Error('Region is missing');
    });
    const error = await unreadable.answer(psql.dt, 'ada').catch((caught) => caught);
    unreadable.close();
    expect(error).toMatchObject({
      name: 'CatalogUnreadable',
      message: "metaq's catalog of tables could not be read: Region is missing",
    });
    expect(errorFields(error).code).toBe('XX000');
  });

  it('after an interrupted query, the next is answered', async () => {
    await expect(catalog.answer('SELECT pg_catalog.pg_sleep(60)', 'ada')).rejects.toThrow(/ran longer/);
    expect(await rows(psql.dt)).toHaveLength(2);
  });
});

describe('Function: rewriteCatalogQuery', () => {
  const names = { pg: new Set(['pg_class', 'format_type']), information: new Set(['tables']) };

  it("psql's OPERATOR(pg_catalog.~) and COLLATE go; its pattern matches anywhere, as PostgreSQL's ~", () => {
    expect(
      rewriteCatalogQuery(
        "SELECT c.oid FROM pg_catalog.pg_class c WHERE c.relname OPERATOR(pg_catalog.~) '^(x)$' COLLATE pg_catalog.default",
        names,
      ),
    ).toBe("SELECT c.oid FROM metaq_pg.pg_class c WHERE c.relname ~ '(?s).*(?:^(x)$).*'");
  });

  it('strings, quoted names and comments are left alone; unknown pg_catalog names lose their schema', () => {
    const sql = rewriteCatalogQuery(
      `SELECT 'pg_catalog.pg_class' AS "pg_catalog.x", pg_catalog.array_to_string(a, ',')::pg_catalog.text -- pg_catalog.x
         FROM pg_catalog."pg_class", information_schema.tables, information_schema.routines`,
      names,
    );
    expect(sql.replace(/\s+/g, ' ')).toBe(
      `SELECT 'pg_catalog.pg_class' AS "pg_catalog.x", array_to_string(a, ',')::text FROM metaq_pg.pg_class, metaq_information_schema.tables, information_schema.routines`,
    );
  });

  it('::regclass: a literal becomes its oid, an expression its name', () => {
    expect(
      rewriteCatalogQuery("SELECT 'lineitem'::regclass, c.oid::pg_catalog.regclass::text FROM t c", names),
    ).toBe("SELECT metaq_pg.regclass_oid('lineitem'), metaq_pg.regclass_name(c.oid)::text FROM t c");
  });
});

it('Function: answerCatalog gives RowDescription, a DataRow per row and SELECT n', async () => {
  const messages = await answerCatalog(psql.dt, 'ada', catalog);
  expect(messages.map((message) => String.fromCharCode(message[0]))).toEqual(['T', 'D', 'D', 'C']);
  expect(messages[3].subarray(5).toString()).toBe('SELECT 2\0');
});
