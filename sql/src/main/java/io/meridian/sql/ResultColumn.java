package io.meridian.sql;

/** One column of a query result; {@code sqlType} is a java.sql.Types constant. */
public record ResultColumn(String label, int sqlType, String typeName, boolean nullable, int precision, int scale,
        String tableName) {
}
