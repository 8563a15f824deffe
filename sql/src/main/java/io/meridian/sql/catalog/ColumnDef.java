package io.meridian.sql.catalog;

import org.apache.calcite.sql.type.SqlTypeName;

/**
 * One column of a table. {@code precision} and {@code scale} are -1 when the type takes none;
 * {@code defaultSql} is the DEFAULT expression's SQL text, or null.
 *
 * <p>{@code id} is the column's stable id inside its table (stored with each value of a row, so
 * rows stay readable after columns are added or dropped; never reused); -1 until the table assigns
 * it. {@code missingValue} is what rows written before the column was added read for it (the
 * DEFAULT evaluated once by ALTER TABLE ADD COLUMN, as in PostgreSQL), null otherwise.
 */
public record ColumnDef(String name, SqlTypeName type, int precision, int scale, boolean nullable, String defaultSql,
        int id, Object missingValue) {
    public static final int UNASSIGNED = -1;

    public ColumnDef(String name, SqlTypeName type, int precision, int scale, boolean nullable, String defaultSql) {
        this(name, type, precision, scale, nullable, defaultSql, UNASSIGNED, null);
    }

    public ColumnDef withId(int newId) {
        return new ColumnDef(name, type, precision, scale, nullable, defaultSql, newId, missingValue);
    }

    public ColumnDef withMissingValue(Object value) {
        return new ColumnDef(name, type, precision, scale, nullable, defaultSql, id, value);
    }
}
