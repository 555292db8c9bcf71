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
        return v.isoformat()
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
    return {'ok': False, 'errorClass': type(error).__name__, 'error': str(error)[:3000]}

def part_files(spark, path):
    jvm = spark.sparkContext._jvm
    where = jvm.org.apache.hadoop.fs.Path(path)
    fs = where.getFileSystem(spark.sparkContext._jsc.hadoopConfiguration())
    return sorted(s.getPath().toString() for s in fs.listStatus(where) if s.getPath().getName().startswith('part-'))

def run(spark, task):
    from pyspark import StorageLevel
    started = time.time()
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
    try:
        lock_down(spark)
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
            answer = run(spark, task)
        except Exception as error:
            answer = failure(error)
        write('result.json', answer)
    spark.stop()

main()
`;
