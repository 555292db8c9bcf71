/**
 * The Python half of an embedded engine's host (host.ts), as text: it reads one JSON request per
 * line on stdin and answers each with one JSON line on fd 3, so that whatever the engine prints
 * on stdout goes to the log and never into an answer. An engine's script (clickhouse/script.ts,
 * databend/script.ts) defines `start(config)` and `run(engine, task)` and ends with `serve(start,
 * run)`. Kept as text so that the bundled worker and the images carry it without a file of its own.
 */
export const prelude = `
import base64, datetime, decimal, json, math, os, re, sys

answers = os.fdopen(3, 'w', encoding='utf-8')

class Refused(Exception):
    """The query reaches beyond its tables: refused before it runs (QueryRefused)."""

def jsonable(v):
    if v is None or isinstance(v, (bool, int)):
        return v
    if isinstance(v, str):
        return v[:500] + '…' if len(v) > 500 else v
    if isinstance(v, float):
        return v if math.isfinite(v) else str(v)
    if isinstance(v, decimal.Decimal):
        # A number while a double holds it exactly, else its text.
        return float(v) if v.is_finite() and decimal.Decimal(repr(float(v))) == v else str(v)
    if isinstance(v, (datetime.datetime, datetime.date, datetime.time)):
        return v.isoformat()
    if isinstance(v, (bytes, bytearray)):
        return base64.b64encode(bytes(v)).decode()
    if isinstance(v, dict):
        return {str(k): jsonable(x) for k, x in v.items()}
    if isinstance(v, (list, tuple)):
        return [jsonable(x) for x in v]
    return str(v)

def answer(message):
    answers.write(json.dumps(message, allow_nan=False) + '\\n')
    answers.flush()

def serve(start, run):
    engine = None
    for line in sys.stdin:
        request = json.loads(line)
        try:
            if request['op'] == 'start':
                engine = start(request['config'])
                answer({'ok': True})
            else:
                answer(dict(run(engine, request['task']), ok=True))
        except Refused as error:
            answer({'ok': False, 'refused': True, 'error': str(error)})
        except Exception as error:
            answer({'ok': False, 'errorClass': type(error).__name__, 'error': str(error)})
`;
