package io.meridian.jdbc;

import io.meridian.rpc.api.ValueCodec;
import io.meridian.rpc.client.Column;
import io.meridian.rpc.client.ResultBatch;
import io.meridian.rpc.client.Row;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.List;

/**
 * Result sets the driver answers itself, for metadata that is a property of Meridian rather than
 * of the catalog (the type list, table types) or that Meridian does not have (foreign keys,
 * procedures): they read like any other result set, with the columns the JDBC javadoc names.
 */
final class LocalResults {
    private LocalResults() {
    }

    /**
     * {@code columns}: "NAME TYPE" pairs, TYPE one of VARCHAR, INTEGER, SMALLINT, BIGINT, BOOLEAN;
     * each row has one Java value (or null) per column.
     */
    static ResultSet of(MeridianConnection connection, List<String> columns, List<Object[]> rows) throws SQLException {
        ResultBatch.Builder batch = ResultBatch.newBuilder().setHasMore(false);
        for (String spec : columns) {
            String[] parts = spec.split(" ");
            batch.addColumns(Column.newBuilder().setLabel(parts[0]).setTypeName(parts[1]).setSqlType(sqlType(parts[1]))
                    .setNullable(true));
        }
        for (Object[] row : rows) {
            if (row.length != columns.size()) {
                throw new IllegalArgumentException("row of " + row.length + " values for " + columns.size() + " columns");
            }
            Row.Builder values = Row.newBuilder();
            for (Object value : row) {
                values.addValues(ValueCodec.toValue(value));
            }
            batch.addRows(values);
        }
        return new MeridianResultSet(new MeridianStatement(connection), batch.build(), 0);
    }

    static ResultSet empty(MeridianConnection connection, List<String> columns) throws SQLException {
        return of(connection, columns, List.of());
    }

    private static int sqlType(String name) {
        return switch (name) {
            case "VARCHAR" -> Types.VARCHAR;
            case "INTEGER" -> Types.INTEGER;
            case "SMALLINT" -> Types.SMALLINT;
            case "BIGINT" -> Types.BIGINT;
            case "BOOLEAN" -> Types.BOOLEAN;
            default -> throw new IllegalArgumentException("no local result column type " + name);
        };
    }
}
