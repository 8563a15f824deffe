package io.meridian.sql.calcite;

import io.meridian.sql.SqlStateException;
import io.meridian.sql.SqlStates;
import io.meridian.sql.catalog.ColumnDef;
import java.math.BigDecimal;
import java.math.RoundingMode;
import org.apache.calcite.avatica.util.ByteString;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.sql.type.SqlTypeName;

/** Column types as Calcite sees them, and values coerced to Calcite's internal Java classes. */
public final class ColumnTypes {
    private ColumnTypes() {
    }

    /**
     * The column's type as Calcite plans with it. A CHAR(n) or VARCHAR(n) column is an unbounded
     * VARCHAR to Calcite: Calcite would otherwise cast an assigned value to the declared length and
     * silently cut it, where SQL requires an error (22001), which {@link #coerce} raises when the
     * row is stored (and pads a CHAR value to its length there, as the cast did).
     */
    public static RelDataType relType(RelDataTypeFactory factory, ColumnDef column) {
        RelDataType type;
        if (isText(column)) {
            type = factory.createSqlType(SqlTypeName.VARCHAR);
        } else if (column.precision() >= 0 && column.scale() >= 0 && column.type().allowsPrecScale(true, true)) {
            type = factory.createSqlType(column.type(), column.precision(), column.scale());
        } else if (column.precision() >= 0 && column.type().allowsPrecNoScale()) {
            type = factory.createSqlType(column.type(), column.precision());
        } else {
            type = factory.createSqlType(column.type());
        }
        return factory.createTypeWithNullability(type, column.nullable());
    }

    static boolean isText(ColumnDef column) {
        return column.type() == SqlTypeName.VARCHAR || column.type() == SqlTypeName.CHAR;
    }

    /**
     * The type to CAST a value assigned to the column to (UPDATE's rewrite): the declared type,
     * but unbounded for character columns, whose length {@link #coerce} checks instead of cutting.
     */
    public static String assignmentCastText(ColumnDef column) {
        return isText(column) ? SqlTypeName.VARCHAR.getName() : sqlText(column);
    }

    /** The SQL text of the type, for CASTs in rewritten statements. */
    public static String sqlText(ColumnDef column) {
        String name = column.type().getName();
        if (column.precision() >= 0 && column.scale() >= 0 && column.type() == SqlTypeName.DECIMAL) {
            return name + "(" + column.precision() + ", " + column.scale() + ")";
        }
        if (column.precision() >= 0 && column.type().allowsPrecNoScale()) {
            return name + "(" + column.precision() + ")";
        }
        return name;
    }

    /**
     * Converts a value to the class Calcite uses internally for the column's type and checks it
     * fits: NOT NULL, string length, decimal precision.
     */
    public static Object coerce(Object value, ColumnDef column, String table) throws SqlStateException {
        if (value == null) {
            if (!column.nullable()) {
                throw new SqlStateException(SqlStates.NOT_NULL_VIOLATION,
                        "null value in column \"" + column.name() + "\" of table \"" + table + "\" violates not-null constraint");
            }
            return null;
        }
        try {
            return switch (column.type()) {
                case BIGINT -> ((Number) value).longValue();
                case INTEGER -> Math.toIntExact(((Number) value).longValue());
                case SMALLINT -> (short) Math.toIntExact(((Number) value).longValue());
                case TINYINT -> (byte) Math.toIntExact(((Number) value).longValue());
                case DOUBLE -> ((Number) value).doubleValue();
                case REAL, FLOAT -> ((Number) value).floatValue();
                case DECIMAL -> decimal(value, column);
                case BOOLEAN -> (Boolean) value;
                case CHAR, VARCHAR -> text(value.toString(), column);
                case BINARY, VARBINARY -> value instanceof byte[] b ? new ByteString(b) : (ByteString) value;
                case DATE, TIME -> ((Number) value).intValue();
                case TIMESTAMP -> ((Number) value).longValue();
                default -> throw new SqlStateException(SqlStates.FEATURE_NOT_SUPPORTED, "type " + column.type() + " is not supported");
            };
        } catch (ArithmeticException | ClassCastException e) {
            throw new SqlStateException(SqlStates.NUMERIC_OUT_OF_RANGE, "value " + value + " does not fit column \""
                    + column.name() + "\" of type " + sqlText(column));
        }
    }

    private static BigDecimal decimal(Object value, ColumnDef column) throws SqlStateException {
        BigDecimal d = value instanceof BigDecimal b ? b : new BigDecimal(value.toString());
        d = d.setScale(column.scale(), RoundingMode.HALF_UP);
        if (d.precision() > column.precision() && d.signum() != 0) {
            throw new SqlStateException(SqlStates.NUMERIC_OUT_OF_RANGE, "value " + value + " overflows column \""
                    + column.name() + "\" of type " + sqlText(column));
        }
        return d;
    }

    /**
     * A value for a CHAR(n) or VARCHAR(n) column: longer than n is an error unless the excess is
     * all spaces, which are cut (SQL:2016 9.2); CHAR pads to n.
     */
    private static String text(String s, ColumnDef column) throws SqlStateException {
        int length = column.precision();
        if (length < 0) {
            return s;
        }
        int codePoints = s.codePointCount(0, s.length());
        if (codePoints > length) {
            int cut = s.offsetByCodePoints(0, length);
            if (s.substring(cut).chars().anyMatch(c -> c != ' ')) {
                throw new SqlStateException("22001", "value too long for column \"" + column.name() + "\" of type "
                        + sqlText(column));
            }
            return s.substring(0, cut);
        }
        if (column.type() == SqlTypeName.CHAR && codePoints < length) {
            return s + " ".repeat(length - codePoints);
        }
        return s;
    }
}
