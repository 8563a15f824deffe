package io.meridian.sql.catalog;

import java.util.List;

/**
 * A secondary index of a table: its id (the key prefix of its entries, never reused), its name
 * (unique among tables, views and indexes), the positions of its columns in the table with a
 * descending flag each, and whether it is UNIQUE. A UNIQUE constraint is a unique index.
 */
public record IndexDef(long id, String name, List<Integer> columns, List<Boolean> descending, boolean unique) {
    public IndexDef {
        columns = List.copyOf(columns);
        descending = List.copyOf(descending);
        if (columns.size() != descending.size() || columns.isEmpty()) {
            throw new IllegalArgumentException("index " + name + " needs one direction per column, and a column");
        }
    }
}
