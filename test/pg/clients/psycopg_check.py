"""psycopg 3 against metaq serve --pg-port, as a Python user writes it; prints one JSON object.

Usage: psycopg_check.py PORT (the password in PGPASSWORD, which libpq reads).
A query with %s parameters (psycopg binds them server-side: Parse/Bind/Execute), then statements
that fail, whose SQLSTATE and message psycopg.errors carries. psycopg's default, a transaction
(BEGIN) around the statements, is kept: it is what a user gets.
"""

import json
import sys

import psycopg


def main(port: str) -> None:
    report = {}
    with psycopg.connect(host="127.0.0.1", port=port, dbname="metaq", user="ada") as conn:
        with conn.cursor() as cur:
            cur.execute(
                "SELECT region, amount, day FROM sales WHERE region = %s AND amount > %s ORDER BY day",
                ("east", 0),
            )
            report["columns"] = [column.name for column in cur.description]
            report["rows"] = [[str(value) for value in row] for row in cur.fetchall()]
        report["errors"] = []
        for sql in ("SELEC 1", "SELECT * FROM no_such_table"):
            conn.rollback()
            try:
                conn.execute(sql)
            except psycopg.Error as error:
                report["errors"].append(
                    {
                        "sql": sql,
                        "class": type(error).__name__,
                        "sqlstate": error.sqlstate,
                        "message": error.diag.message_primary,
                    }
                )
    print(json.dumps(report))


if __name__ == "__main__":
    main(sys.argv[1])
