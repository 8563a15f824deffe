package io.meridian.sql;

import java.math.BigDecimal;
import java.sql.ParameterMetaData;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.util.List;

/**
 * Binds a statement's positional parameters, converted to the types its plan expects: a client
 * may send {@code "42"} for an INTEGER parameter (PostgreSQL accepts text for any type), but
 * Calcite's generated code casts a parameter to its Java class and would fail with a
 * ClassCastException. A value that cannot be converted is the client's error, named by position.
 */
final class ParameterBinder {
    private ParameterBinder() {
    }

    static void bind(PreparedStatement prepared, List<Object> parameters) throws SQLException, SqlStateException {
        ParameterMetaData meta = prepared.getParameterMetaData();
        int expected = meta.getParameterCount();
        if (expected != parameters.size()) {
            throw new SqlStateException("07001", "statement has " + expected + " parameters but " + parameters.size()
                    + " values were bound");
        }
        for (int i = 0; i < parameters.size(); i++) {
            prepared.setObject(i + 1, convert(parameters.get(i), meta.getParameterType(i + 1),
                    meta.getParameterTypeName(i + 1), i + 1));
        }
    }

    static Object convert(Object value, int sqlType, String typeName, int position) throws SqlStateException {
        if (value == null) {
            return null;
        }
        switch (sqlType) {
            case Types.TINYINT, Types.SMALLINT, Types.INTEGER, Types.BIGINT, Types.DECIMAL, Types.NUMERIC,
                    Types.REAL, Types.FLOAT, Types.DOUBLE -> {
                if (value instanceof Number) {
                    return value;
                }
                if (value instanceof String s) {
                    try {
                        return new BigDecimal(s.strip());
                    } catch (NumberFormatException e) {
                        throw new SqlStateException(SqlStates.INVALID_TEXT_REPRESENTATION, "invalid input for parameter "
                                + position + " of type " + typeName + ": \"" + s + "\"");
                    }
                }
                throw mismatch(value, typeName, position);
            }
            case Types.CHAR, Types.VARCHAR, Types.LONGVARCHAR -> {
                return value instanceof Number || value instanceof Boolean ? value.toString() : value;
            }
            case Types.BOOLEAN -> {
                if (value instanceof String s && (s.equalsIgnoreCase("true") || s.equalsIgnoreCase("false"))) {
                    return Boolean.valueOf(s);
                }
                if (value instanceof Boolean) {
                    return value;
                }
                throw mismatch(value, typeName, position);
            }
            default -> {
                return value;
            }
        }
    }

    private static SqlStateException mismatch(Object value, String typeName, int position) {
        return new SqlStateException("42804", "parameter " + position + " is of type " + typeName + " but a "
                + value.getClass().getSimpleName() + " was bound");
    }
}
