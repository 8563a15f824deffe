package io.meridian.sql;

import java.util.List;

/**
 * What a statement produced: rows (for queries) or an update count (for DML and DDL, with
 * {@code columns} empty). Row values are JDBC-style Java objects (Long, String, BigDecimal, ...).
 */
public record StatementResult(List<ResultColumn> columns, List<Object[]> rows, long updateCount) {
    public static StatementResult updateCount(long count) {
        return new StatementResult(List.of(), List.of(), count);
    }

    public boolean isQuery() {
        return !columns.isEmpty();
    }
}
