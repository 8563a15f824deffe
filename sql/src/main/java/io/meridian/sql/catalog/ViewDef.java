package io.meridian.sql.catalog;

import java.util.List;

/**
 * A view: its name, the query that defines it (SQL text, expanded into every query that reads the
 * view) and the column names it was declared with, empty when the query's own names are used.
 */
public record ViewDef(String name, String querySql, List<String> columnNames) {
    public ViewDef {
        columnNames = List.copyOf(columnNames);
    }
}
