package io.meridian.sql.catalog;

import org.apache.calcite.sql.type.SqlTypeName;

/**
 * One column of a table. {@code precision} and {@code scale} are -1 when the type takes none;
 * {@code defaultSql} is the DEFAULT expression's SQL text, or null.
 */
public record ColumnDef(String name, SqlTypeName type, int precision, int scale, boolean nullable, String defaultSql) {
}
