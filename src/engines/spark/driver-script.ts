/**
 * The Spark driver, a Python program run by spark-submit on the head at engine start. It builds
 * the session, waits for every member's executor, registers the plan's tables as temp views and
 * warms up, writes `ready.json`; then it runs each `query.json` that appears in its folder and
 * answers with `result.json` (written whole, then renamed). It lives in index.ts's work folder;
 * kept here as text so that the bundled worker and the image carry it without a file of its own.
 */
export const DRIVER_FILE = 'metaq_driver.py';

export const driverScript = `
import base64, datetime, decimal, json, math, os, sys, time

folder, executors = sys.argv[1], int(sys.argv[2])

def write(name, answer):
    tmp = os.path.join(folder, name + '.tmp')
    with open(tmp, 'w') as out:
        json.dump(answer, out, allow_nan=False)
    os.replace(tmp, os.path.join(folder, name))

def jsonable(v):
    if v is None or isinstance(v, (bool, int, str)):
        return v[:500] + '…' if isinstance(v, str) and len(v) > 500 else v
    if isinstance(v, float):
        return v if math.isfinite(v) else str(v)
    if isinstance(v, decimal.Decimal):
        # A number while a double holds it exactly, else its text.
        return float(v) if v.is_finite() and decimal.Decimal(repr(float(v))) == v else str(v)
    if isinstance(v, datetime.datetime):
        # The preview's TIMESTAMP is its wall-clock text to the millisecond, as on every engine
        # ('2024-01-31 13:45:07.250'); isoformat() alone gives 'T', and microseconds or none.
        return v.isoformat(sep=' ', timespec='milliseconds')
    if isinstance(v, (datetime.date, datetime.time)):
        return v.isoformat()
    if isinstance(v, (bytes, bytearray)):
        return base64.b64encode(bytes(v)).decode()
    if isinstance(v, dict):
        return {str(k): jsonable(x) for k, x in v.items()}
    if isinstance(v, (list, tuple)):
        return [jsonable(x) for x in v]
    if hasattr(v, 'asDict'):
        return jsonable(v.asDict(recursive=True))
    return str(v)

def failure(error):
    return {'ok': False, 'errorClass': type(error).__name__, 'error': str(error)[:3000],
            'refused': isinstance(error, Refused)}

# The gate: Spark's own parser reads the query, and it runs only when its plan is made of these
# nodes (children, subqueries and CTE definitions alike) and reads only the plan's tables and its
# own CTEs by bare names. Everything else is refused before Spark runs anything: commands (ADD JAR,
# CREATE FUNCTION ... USING JAR, LOAD DATA, SET, CACHE, INSERT, EXECUTE IMMEDIATE, CALL), TRANSFORM
# (a shell command on the worker, with any Hive SerDe), names with a schema or a data source
# (parquet./some/path, org.apache.spark.sql.json./...), IDENTIFIER('...'), and whatever node a
# later Spark adds until it is let in here.
QUERY_NODES = frozenset('''Aggregate Deduplicate Distinct Except Expand Filter Generate GlobalLimit
Intersect Join LateralJoin LocalLimit LocalRelation Offset OneRowRelation Pivot Project
RepartitionByExpression Sample Sort SubqueryAlias Tail Union UnresolvedHaving UnresolvedHint
UnresolvedInlineTable UnresolvedQualify UnresolvedRelation UnresolvedSubqueryColumnAliases
UnresolvedTVFAliases UnresolvedTableValuedFunction UnresolvedWith Unpivot Window
WithWindowDefinition'''.split())

class Refused(Exception):
    pass

def seq(items):
    return [items.apply(i) for i in range(items.size())]

def check(spark, sql, tables):
    jvm = spark.sparkContext._jvm
    plan_class = jvm.java.lang.Class.forName('org.apache.spark.sql.catalyst.plans.logical.LogicalPlan')
    readable = {name.lower() for name in tables}
    relations = []
    def visit(node):
        kind = node.getClass().getSimpleName()
        if kind == 'ScriptTransformation':
            raise Refused('spark refuses TRANSFORM ... USING: it would run a program on the worker')
        if kind not in QUERY_NODES:
            raise Refused('spark runs one query (SELECT ...) over its tables; it refuses ' + kind)
        if kind == 'UnresolvedRelation':
            relations.append(list(seq(node.multipartIdentifier())))
        if kind == 'UnresolvedTableValuedFunction' and node.name().size() != 1:
            raise Refused('spark refuses the table function ' + '.'.join(seq(node.name())))
        if kind == 'UnresolvedWith':
            readable.update(str(cte.alias()).lower() for cte in seq(node.innerChildren()))
        for child in seq(node.children()) + seq(node.subqueries()) + seq(node.innerChildren()):
            if plan_class.isInstance(child):
                visit(child)
    visit(spark._jsparkSession.sessionState().sqlParser().parsePlan(sql))
    for parts in relations:
        if len(parts) != 1 or parts[0].lower() not in readable:
            raise Refused("spark reads only the query's tables (" + ', '.join(sorted(tables)) +
                          '); it refuses ' + '.'.join(parts))

def part_files(spark, path):
    jvm = spark.sparkContext._jvm
    where = jvm.org.apache.hadoop.fs.Path(path)
    fs = where.getFileSystem(spark.sparkContext._jsc.hadoopConfiguration())
    return sorted(s.getPath().toString() for s in fs.listStatus(where) if s.getPath().getName().startswith('part-'))

def run(spark, task, tables):
    from pyspark import StorageLevel
    started = time.time()
    check(spark, task['sql'], tables)
    # Computed once at full parallelism and cached: count, write and preview all read the cache;
    # coalesce(1) on the bare query would squeeze its last stage into one task.
    df = spark.sql(task['sql']).persist(StorageLevel.MEMORY_AND_DISK)
    rows = df.count()
    out = task['output']
    writer = df.coalesce(1).write.mode('overwrite').format(out['format'])
    for key, value in (out.get('options') or {}).items():
        writer = writer.option(key, value)
    writer.save(out['path'])
    names = df.columns
    preview = [dict(zip(names, jsonable(list(r)))) for r in df.limit(int(task['previewRows'])).collect()]
    df.unpersist()
    return {'ok': True, 'rows': rows, 'preview': preview, 'files': part_files(spark, out['path']),
            'columns': [{'name': f.name, 'type': f.dataType.simpleString()} for f in df.schema.fields],
            'seconds': round(time.time() - started, 3)}

# reflect, java_method and try_reflect call any static Java method (System.getenv among them, where
# a worker's credentials are): dropped from this session's function registry, a query naming them
# fails at analysis with UNRESOLVED_ROUTINE. Built-ins are keyed system.builtin.<name>.
JAVA_CALLING_FUNCTIONS = ('reflect', 'java_method', 'try_reflect')

def lock_down(spark):
    jvm = spark.sparkContext._jvm
    registry = spark._jsparkSession.sessionState().functionRegistry()
    for name in JAVA_CALLING_FUNCTIONS:
        ident = jvm.org.apache.spark.sql.catalyst.FunctionIdentifier(name, jvm.scala.Some('builtin'), jvm.scala.Some('system'))
        if not registry.dropFunction(ident):
            raise RuntimeError('could not remove the SQL function ' + name + ' from this Spark session')

def main():
    spec = json.load(open(os.path.join(folder, 'start.json')))
    from pyspark.sql import SparkSession
    spark = SparkSession.builder.getOrCreate()
    tables = [view['name'] for view in spec['views']]
    try:
        lock_down(spark)
        # Refused before the cluster waits for its executors: the query is known at start. SQL
        # Spark cannot parse fails when it runs, as the query's own error, not the engine's.
        try:
            check(spark, spec['sql'], tables)
        except Refused:
            raise
        except Exception:
            pass
        jsc = spark.sparkContext._jsc.sc()
        # getExecutorMemoryStatus counts the driver too.
        while jsc.getExecutorMemoryStatus().size() - 1 < executors:
            time.sleep(0.1)
        for view in spec['views']:
            reader = spark.read.format(view['format'])
            for key, value in (view.get('options') or {}).items():
                reader = reader.option(key, value)
            reader.load(view['path']).createOrReplaceTempView(view['name'])
        spark.range(0, 1000, 1, executors * 2).selectExpr('sum(id)').collect()
        write('ready.json', {'ok': True})
    except Exception as error:
        write('ready.json', failure(error))
        raise
    parent = os.getppid()
    while not os.path.exists(os.path.join(folder, 'stop')) and os.getppid() == parent:
        query = os.path.join(folder, 'query.json')
        if not os.path.exists(query):
            time.sleep(0.05)
            continue
        task = json.load(open(query))
        os.remove(query)
        try:
            answer = run(spark, task, tables)
        except Exception as error:
            answer = failure(error)
        write('result.json', answer)
    spark.stop()

main()
`;
