/**
 * Databend's host script (run by embedded/host.ts with the databend binding in its venv), appended
 * to embedded/prelude.ts. `start` opens a session in the worker's folder (Databend keeps its data
 * in `.databend` of the process's folder, which host.ts makes the worker's) and makes the query's
 * tables; `run` checks the query (`gate`), materialises it in memory, writes it with COPY INTO the
 * output stage, and reads the count, columns and preview back.
 *
 * `SessionContext.sql` is lazy: a statement, DDL included, runs only when its result is collected,
 * so every statement is collected. Databend's errors end in a Rust backtrace, cut off here.
 *
 * The gate: the text is one statement without optimizer hints (`/*+ SET_VAR(...) *\/` changes
 * settings and appears in no EXPLAIN, tried); then Databend's own parser (EXPLAIN AST, nothing
 * runs) must show one query that reads no stage or URI, no table function but those that make
 * rows from values, no table named with its database (system.*, the result's), and no ai_*
 * function (they call out to a service).
 */
export const databendScript = `
import databend

MAKERS = {'numbers', 'numbers_mt', 'numbers_local', 'generate_series', 'range', 'unnest', 'flatten',
          'json_each', 'json_array_elements', 'json_path_query'}
TOKENS = re.compile(r"""'(?:[^'\\\\]|\\\\.|'')*'|"(?:[^"\\\\]|\\\\.|"")*"|\`(?:[^\`]|\`\`)*\`|\\$\\$.*?\\$\\$"""
                    r"""|--[^\\n]*|/\\*.*?\\*/|;|\\s+|[^'"\`$;/\\s-]+|.""", re.S)
RESULT = 'metaq_run.result'

class DatabendError(Exception):
    """Databend's own message, without the backtrace after it."""

def reason(error, secrets=()):
    text = str(error)
    for end in ('\\n\\n', '\\n   0:'):
        text = text.split(end)[0]
    for secret in secrets:
        text = text.replace(secret, '***')
    return text.strip()

def batches_rows(batches):
    return [row for batch in batches for row in batch.to_pylist()]

class Databend:
    def __init__(self, config):
        self.ctx = databend.SessionContext()
        self.secrets = [secret for secret in config['secrets'] if secret]
        for statement in config['statements']:
            self.collect(statement)

    def collect(self, sql):
        try:
            return batches_rows(self.ctx.sql(sql).to_py_arrow())
        except Exception as error:
            raise DatabendError(reason(error, self.secrets)) from None

def start(config):
    return Databend(config)

def one_statement(sql):
    """The statement's text without its trailing semicolons; refuses hints and a second statement."""
    end = None
    for token in TOKENS.finditer(sql):
        text = token.group()
        if text.startswith('/*+'):
            raise Refused('databend refuses optimizer hints (/*+ ... */): metaq sets the settings')
        if text == ';':
            end = token.start() if end is None else end
        elif end is not None and not (text.isspace() or text.startswith('--') or text.startswith('/*')):
            raise Refused('databend runs one query, and this text holds more than one statement')
    return sql if end is None else sql[:end]

def gate(engine, sql):
    nodes = [re.sub(r'^[\\s│├└─]*', '', row['explain']) for row in engine.collect('EXPLAIN AST ' + sql + '\\n')]
    if not nodes or not nodes[0].startswith('Query '):
        raise Refused('databend runs one SELECT query, and this is another statement')
    for node in nodes:
        words = node.removeprefix('Lateral ').split()
        kind, name = words[0], (words[1] if len(words) > 1 else '')
        if kind == 'Stage':
            raise Refused(f"databend reads only the query's tables: it refuses the stage or location {name}")
        if kind == 'TableFunction' and name.lower() not in MAKERS:
            raise Refused(f"databend reads only the query's tables: it refuses the table function {name}")
        if kind == 'TableIdentifier' and '.' in name:
            raise Refused(f"databend reads only the query's tables: it refuses {name}")
        if kind == 'Function' and name.lower().startswith('ai_'):
            raise Refused(f'databend refuses the function {name}: it calls a service beyond the query')

def run(engine, task):
    sql = one_statement(task['sql'])
    gate(engine, sql)
    engine.collect('DROP TABLE IF EXISTS ' + RESULT)
    # A line break first: a query that ends in a comment must not swallow what follows.
    engine.collect(f'CREATE TABLE {RESULT} ENGINE = Memory AS {sql}\\n')
    # One stream reads the rows back in the order the query made them (more threads interleave
    # them, tried); the worker runs no other query after this one.
    engine.collect('SET max_threads = 1')
    engine.collect(task['stage'])
    written = engine.collect(task['copy'])
    columns = [{'name': row['Field'], 'type': row['Type']} for row in engine.collect('DESC ' + RESULT)]
    head = engine.collect(f"SELECT * FROM {RESULT} LIMIT {int(task['previewRows'])}")
    return {
        'rows': sum(int(file['row_count']) for file in written),
        'columns': columns,
        'preview': [{name: jsonable(value) for name, value in row.items()} for row in head],
        'files': [task['folder'] + file['file_name'] for file in written],
    }

serve(start, run)
`;
