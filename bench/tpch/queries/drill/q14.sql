SELECT
    100.00 * sum(
        CASE WHEN p_type LIKE 'PROMO%' THEN
            CAST(l_extendedprice AS DOUBLE) * (1 - CAST(l_discount AS DOUBLE))
        ELSE
            0
        END) / sum(CAST(l_extendedprice AS DOUBLE) * (1 - CAST(l_discount AS DOUBLE))) AS promo_revenue
FROM
    lineitem,
    part
WHERE
    l_partkey = p_partkey
    AND l_shipdate >= date '1995-09-01'
    AND l_shipdate < CAST('1995-10-01' AS date);
