package io.meridian.sql;

import java.sql.Connection;
import java.sql.ParameterMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** Reads a statement's parameter and result shapes from Calcite's prepared statement. */
final class StatementDescriber {
    private StatementDescriber() {
    }

    /** Plans {@code sql} on a statement of its own (the session's plan cache is left alone). */
    static StatementDescription describe(Connection calcite, String sql, boolean returnsRows) throws SQLException {
        try (PreparedStatement prepared = calcite.prepareStatement(sql)) {
            ParameterMetaData meta = prepared.getParameterMetaData();
            List<ResultColumn> parameters = new ArrayList<>();
            for (int i = 1; i <= meta.getParameterCount(); i++) {
                parameters.add(new ResultColumn("", meta.getParameterType(i), meta.getParameterTypeName(i), true,
                        meta.getPrecision(i), meta.getScale(i), ""));
            }
            return new StatementDescription(parameters, returnsRows ? columns(prepared.getMetaData()) : List.of());
        }
    }

    static List<ResultColumn> columns(ResultSetMetaData meta) throws SQLException {
        List<ResultColumn> columns = new ArrayList<>();
        for (int i = 1; i <= meta.getColumnCount(); i++) {
            columns.add(new ResultColumn(meta.getColumnLabel(i), meta.getColumnType(i), meta.getColumnTypeName(i),
                    meta.isNullable(i) != ResultSetMetaData.columnNoNulls, meta.getPrecision(i), meta.getScale(i),
                    meta.getTableName(i)));
        }
        return columns;
    }
}
