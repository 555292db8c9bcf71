/**
 * Databend's host script (run by embedded/host.ts with the databend binding in its venv), after
 * embedded/prelude.ts and the gate (gate.ts). `start` opens a session in the worker's folder
 * (Databend keeps its data in `.databend` of the process's folder, which host.ts makes the
 * worker's) and makes the query's tables; `run` checks the query, materialises it in memory,
 * writes it, and reads the count, columns and preview back.
 *
 * `SessionContext.sql` is lazy: a statement, DDL included, runs only when its result is collected,
 * so every statement is collected. Databend's errors end in a Rust backtrace, cut off here.
 *
 * Parquet and JSON are written by Databend (COPY INTO the output stage). CSV is written by pyarrow
 * from the rows Databend returns: Databend 1.2.453 writes NULL as \\N in CSV and ignores
 * NULL_DISPLAY (tried), and a reader takes \\N for text, so a DATE column with a NULL read as VARCHAR.
 */
export const databendScript = `
import databend
import pyarrow.csv as arrow_csv
import pyarrow.fs as arrow_fs
import pyarrow.parquet as arrow_parquet

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

class Databend:
    def __init__(self, config):
        self.ctx = databend.SessionContext()
        self.s3 = config['s3']
        self.secrets = [secret for secret in (self.s3.get('secretAccessKey'), self.s3.get('sessionToken')) if secret]
        for statement in config['statements']:
            self.collect(statement)

    def batches(self, sql):
        try:
            return self.ctx.sql(sql).to_py_arrow()
        except Exception as error:
            raise DatabendError(reason(error, self.secrets)) from None

    def table(self, sql):
        """The answer as one Arrow table, with its columns even when it has no rows."""
        try:
            return self.ctx.sql(sql).to_arrow_table()
        except Exception as error:
            raise DatabendError(reason(error, self.secrets)) from None

    def collect(self, sql):
        return [row for batch in self.batches(sql) for row in batch.to_pylist()]

    def filesystem(self):
        s3 = self.s3
        endpoint = s3.get('endpoint')
        return arrow_fs.S3FileSystem(
            access_key=s3.get('accessKeyId'), secret_key=s3.get('secretAccessKey'),
            session_token=s3.get('sessionToken'), region=s3['region'],
            endpoint_override=endpoint.rstrip('/') if endpoint else None,
            force_virtual_addressing=not s3['pathStyle'])

def start(config):
    return Databend(config)

def preview_value(value):
    """The preview's contract: a TIMESTAMP as its wall-clock text to the millisecond, no zone added."""
    if isinstance(value, datetime.datetime):
        if value.tzinfo is not None:
            return value.astimezone(datetime.timezone.utc).isoformat(timespec='milliseconds').replace('+00:00', 'Z')
        return value.isoformat(sep=' ', timespec='milliseconds')
    return jsonable(value)

def write_csv(engine, folder, columns):
    """The result as one CSV file with its header, NULL as an empty field; returns its URL and rows."""
    file = folder + 'part-0.csv'
    batches = engine.batches('SELECT * FROM ' + RESULT)
    with engine.filesystem().open_output_stream(file.removeprefix('s3://')) as out:
        if not batches:
            out.write((','.join(json.dumps(column['name']) for column in columns) + '\\n').encode())
            return file, 0
        writer = arrow_csv.CSVWriter(out, batches[0].schema, write_options=arrow_csv.WriteOptions(quoting_style='needed'))
        for batch in batches:
            writer.write_batch(batch)
        writer.close()
    return file, sum(batch.num_rows for batch in batches)

def write_empty(engine, folder, format):
    """Databend writes no file for no rows: an empty result is one file all the same, as on every
    engine (Parquet with the result's columns; JSON lines, none)."""
    file = folder + ('part-0.parquet' if format == 'parquet' else 'part-0.ndjson')
    with engine.filesystem().open_output_stream(file.removeprefix('s3://')) as out:
        if format == 'parquet':
            arrow_parquet.write_table(engine.table('SELECT * FROM ' + RESULT), out)
    return file

def run(engine, task):
    sql = statement_text(task['sql'])
    gate(engine, sql)
    engine.collect('DROP TABLE IF EXISTS ' + RESULT)
    # A line break first: a query that ends in a comment must not swallow what follows.
    engine.collect(f'CREATE TABLE {RESULT} ENGINE = Memory AS {sql}\\n')
    # One stream reads the rows back in the order the query made them (more threads interleave
    # them, tried); the worker runs no other query after this one.
    engine.collect('SET max_threads = 1')
    columns = [{'name': row['Field'], 'type': row['Type']} for row in engine.collect('DESC ' + RESULT)]
    if task['format'] == 'csv':
        file, rows = write_csv(engine, task['folder'], columns)
        files = [file]
    else:
        engine.collect(task['stage'])
        written = engine.collect(task['copy'])
        rows = sum(int(file['row_count']) for file in written)
        files = [task['folder'] + file['file_name'] for file in written] or [write_empty(engine, task['folder'], task['format'])]
    head = engine.collect(f"SELECT * FROM {RESULT} LIMIT {int(task['previewRows'])}")
    return {
        'rows': rows,
        'columns': columns,
        'preview': [{name: preview_value(value) for name, value in row.items()} for row in head],
        'files': files,
    }

serve(start, run)
`;
