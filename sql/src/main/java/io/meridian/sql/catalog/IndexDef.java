package io.meridian.sql.catalog;

import java.util.List;

/**
 * A secondary index of a table: its id (the key prefix of its entries, never reused), its name
 * (unique among tables, views and indexes), the positions of its columns in the table with a
 * descending flag each, whether it is UNIQUE, and its state in an online build (F1's schema
 * change states). A UNIQUE constraint is a unique index.
 */
public record IndexDef(long id, String name, List<Integer> columns, List<Boolean> descending, boolean unique,
        IndexState state) {
    public IndexDef {
        columns = List.copyOf(columns);
        descending = List.copyOf(descending);
        if (columns.size() != descending.size() || columns.isEmpty()) {
            throw new IllegalArgumentException("index " + name + " needs one direction per column, and a column");
        }
    }

    /** A PUBLIC index (created with its table, or fully built). */
    public IndexDef(long id, String name, List<Integer> columns, List<Boolean> descending, boolean unique) {
        this(id, name, columns, descending, unique, IndexState.PUBLIC);
    }

    /** Queries may read the index only when it is PUBLIC: before that it may lack rows. */
    public boolean isPublic() {
        return state == IndexState.PUBLIC;
    }

    public IndexDef withState(IndexState newState) {
        return new IndexDef(id, name, columns, descending, unique, newState);
    }

    /** The same index over a table whose column positions moved (a column before them was dropped). */
    public IndexDef withColumns(List<Integer> newColumns) {
        return new IndexDef(id, name, newColumns, descending, unique, state);
    }
}
