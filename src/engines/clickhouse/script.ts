/**
 * ClickHouse's host script (run by embedded/host.ts with chdb in its venv). `start` opens a chdb
 * session in the worker's folder and declares the query's tables; `run` checks the query with
 * ClickHouse's own parser and analyser (`gate`), materialises it in memory, writes it through
 * s3(), and reads the count and preview back. Appended to embedded/prelude.ts.
 *
 * The gate, first on the syntax tree (parsed only: nothing runs yet), then on the query tree (the
 * analyser has resolved names, CTEs and aliases): one SELECT, without INTO OUTFILE, FORMAT or
 * SETTINGS; no table function but those that make rows from nothing; no function that reads a
 * file, a setting, a dictionary or the server; every table one of the query's own.
 */
export const clickhouseScript = `
from chdb import session as chdb_session

# 'sqlstandardvalues' is how ClickHouse's AST names a standard VALUES list (FROM (VALUES (1), (2)) t(k)).
MAKERS = {'numbers', 'numbers_mt', 'zeros', 'zeros_mt', 'generate_series', 'generateseries', 'values',
          'sqlstandardvalues', 'primes', 'null', 'format', 'generaterandom'}
HIDDEN = re.compile(r'file|getsetting|getsettingordefault|getmacro|getserversetting|getmergetreesetting'
                    r'|getclienthttpheader|getoskernelversion|getserverport|dict\\w*|joinget\\w*|filesystem\\w*'
                    r'|_\\w*|serveruuid|hostname|fullhostname|currentrequesturl|currenthandler|currentuser'
                    r'|authenticateduser|\\w*profiles|\\w*roles')
RESULT = 'metaq_run.result'
JSON_NUMBERS = 'output_format_json_quote_64bit_integers = 0, output_format_json_quote_decimals = 0'

class ClickHouse:
    def __init__(self, config):
        self.session = chdb_session.Session(os.path.join(config['workDir'], 'chdb'))
        self.tables = set(config['tables'])
        for statement in config['statements']:
            self.session.query(statement)
        self.table_functions = set(self.text('SELECT name FROM system.table_functions').lower().split())

    def text(self, sql, fmt='TSVRaw'):
        return self.session.query(sql, fmt).bytes().decode()

def start(config):
    return ClickHouse(config)

def refuse_function(name, table_functions):
    lowered = name.lower()
    if lowered in table_functions and lowered not in MAKERS:
        raise Refused(f"clickhouse reads only the query's tables: it refuses the table function {name}")
    if HIDDEN.fullmatch(lowered):
        raise Refused(f"clickhouse refuses the function {name}: it reads beyond the query's tables")

def gate(engine, sql):
    ast = engine.text('EXPLAIN AST ' + sql).splitlines()
    if not ast or not re.match(r'(SelectWithUnionQuery|SelectIntersectExceptQuery)\\b', ast[0]):
        raise Refused('clickhouse runs one SELECT query, and this is another statement')
    if [line.split()[0] for line in ast[1:] if re.match(r' \\S', line)] != ['ExpressionList']:
        raise Refused('clickhouse refuses INTO OUTFILE, FORMAT and SETTINGS in the query: metaq writes the result')
    for line in ast:
        node = line.split()
        if node and node[0] == 'Set':
            raise Refused('clickhouse refuses SETTINGS in the query: metaq sets them')
        if node and node[0] == 'Function':
            refuse_function(node[1], engine.table_functions)
        if node and node[0] == 'TableIdentifier' and '.' in node[1] and node[1] not in engine.tables:
            raise Refused(f"clickhouse reads only the query's tables: it refuses {node[1]}")
    for line in engine.text('EXPLAIN QUERY TREE ' + sql).splitlines():
        table = re.match(r'\\s*TABLE id: \\d+,.*\\btable_name: ([^,\\s]+)', line)
        if table and table.group(1) not in engine.tables:
            raise Refused(f"clickhouse reads only the query's tables: it refuses {table.group(1)}")
        function = re.match(r'\\s*(?:TABLE_)?FUNCTION id: \\d+,.*?\\b(?:table_)?function_name: (\\w+)', line)
        if function:
            refuse_function(function.group(1), engine.table_functions)

# ClickHouse answers a comparison or a logical expression as UInt8: a column of the query that is
# one of these (at its top, not inside another expression) is written and previewed as Bool.
BOOLEAN_FUNCTIONS = {'equals', 'notequals', 'less', 'greater', 'lessorequals', 'greaterorequals', 'and',
                     'or', 'not', 'xor', 'in', 'notin', 'globalin', 'globalnotin', 'like', 'notlike',
                     'ilike', 'notilike', 'isnull', 'isnotnull', 'exists', 'isdistinctfrom',
                     'isnotdistinctfrom'}

def boolean_columns(engine, sql):
    """The result's columns (their names as the result table has them) that are such expressions."""
    tree = engine.text('EXPLAIN QUERY TREE ' + sql).splitlines()
    if not tree or not tree[0].startswith('QUERY id:'):
        return []
    projection, section = [], None
    for line in tree[1:]:
        if re.match(r'  \\S', line):
            section = line.strip()
        elif section == 'PROJECTION' and re.match(r'      \\S', line):
            projection.append([line])
        elif section == 'PROJECTION' and projection and re.match(r'       ', line):
            projection[-1].append(line)
    names = [line.split('\\t')[0] for line in engine.text(f'DESCRIBE TABLE {RESULT}').splitlines()]
    booleans = []
    for name, node in zip(names, projection):
        head = node[0].strip()
        if head.startswith('CONSTANT'):
            head = next((line.strip() for line in node if line.strip().startswith('FUNCTION')), head)
        function = re.match(r'FUNCTION id: \\d+, function_name: (\\w+),.*result_type: (\\S+)', head)
        if function and function.group(1).lower() in BOOLEAN_FUNCTIONS and plain(function.group(2)) == 'UInt8':
            booleans.append(name)
    return booleans

def readback(booleans):
    quoted = lambda name: '\`' + name.replace('\\\\', '\\\\\\\\').replace('\`', '\\\\\`') + '\`'
    casts = ', '.join(f'CAST({quoted(name)} AS Nullable(Bool)) AS {quoted(name)}' for name in booleans)
    return f'SELECT * REPLACE ({casts}) FROM {RESULT}' if booleans else f'SELECT * FROM {RESULT}'

def plain(type_name):
    for wrapper in ('Nullable(', 'LowCardinality('):
        if type_name.startswith(wrapper):
            return plain(type_name[len(wrapper):-1])
    return type_name

def preview_value(value, type_name):
    # Every engine's preview: a TIMESTAMP its wall-clock text to the millisecond, one with a zone
    # (declared in UTC here) the instant in UTC ('2024-01-31T13:45:07.250Z').
    moment = isinstance(value, str) and type_name.startswith('DateTime') and re.match(
        r'(\\d{4}-\\d\\d-\\d\\d) (\\d\\d:\\d\\d:\\d\\d)(?:\\.(\\d+))?$', value)
    if moment:
        date, time, fraction = moment.group(1), moment.group(2), (moment.group(3) or '').ljust(3, '0')[:3]
        return f'{date}T{time}.{fraction}Z' if ',' in type_name else f'{date} {time}.{fraction}'
    return jsonable(value)

def run(engine, task):
    gate(engine, task['sql'])
    engine.session.query('DROP TABLE IF EXISTS ' + RESULT)
    # A line break first: a query that ends in a comment must not swallow what follows.
    engine.session.query(f"CREATE TABLE {RESULT} ENGINE = Memory AS {task['sql']}\\n")
    # One stream reads the rows back in the order the query made them.
    select = readback(boolean_columns(engine, task['sql']))
    # A DECIMAL is written with its scale ('0.10', as DuckDB writes it), not ClickHouse's '0.1'.
    engine.session.query(
        f"INSERT INTO FUNCTION {task['writeTo']} {select} SETTINGS max_threads = 1, output_format_decimal_trailing_zeros = 1, "
        f"s3_truncate_on_insert = 1, format_csv_null_representation = '', {JSON_NUMBERS}")
    rows = int(engine.text(f'SELECT count() FROM {RESULT}'))
    head = json.loads(
        engine.text(f"{select} LIMIT {int(task['previewRows'])} SETTINGS max_threads = 1, {JSON_NUMBERS}", 'JSON'),
        parse_float=decimal.Decimal)
    columns = [{'name': column['name'], 'type': plain(column['type'])} for column in head['meta']]
    types = {column['name']: column['type'] for column in columns}
    preview = [{name: preview_value(value, types[name]) for name, value in row.items()} for row in head['data']]
    return {'rows': rows, 'columns': columns, 'preview': preview, 'files': [task['file']]}

serve(start, run)
`;
