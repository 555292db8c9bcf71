SELECT
    ps_partkey,
    sum(CAST(ps_supplycost AS DOUBLE) * ps_availqty) AS value
FROM
    partsupp,
    supplier,
    nation
WHERE
    ps_suppkey = s_suppkey
    AND s_nationkey = n_nationkey
    AND n_name = 'GERMANY'
GROUP BY
    ps_partkey
HAVING
    sum(CAST(ps_supplycost AS DOUBLE) * ps_availqty) > (
        SELECT
            sum(CAST(ps_supplycost AS DOUBLE) * ps_availqty) * 0.0001000000
        FROM
            partsupp,
            supplier,
            nation
        WHERE
            ps_suppkey = s_suppkey
            AND s_nationkey = n_nationkey
            AND n_name = 'GERMANY')
ORDER BY
    value DESC;
