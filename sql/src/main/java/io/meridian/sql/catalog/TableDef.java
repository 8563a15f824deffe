package io.meridian.sql.catalog;

import java.util.List;

/**
 * A table: its id (the key prefix of its rows, never reused), name, columns in order, and the
 * positions of its primary-key columns. An empty key means the table has a hidden row id.
 */
public record TableDef(long id, String name, List<ColumnDef> columns, List<Integer> primaryKey) {
    public TableDef {
        columns = List.copyOf(columns);
        primaryKey = List.copyOf(primaryKey);
    }

    public boolean hasHiddenRowId() {
        return primaryKey.isEmpty();
    }

    public int columnIndex(String columnName) {
        for (int i = 0; i < columns.size(); i++) {
            if (columns.get(i).name().equals(columnName)) {
                return i;
            }
        }
        return -1;
    }
}
