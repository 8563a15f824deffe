package io.meridian.sql.catalog;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A table: its id (the key prefix of its rows, never reused), name, columns in order, the
 * positions of its primary-key columns, and its secondary indexes. An empty key means the table
 * has a hidden row id.
 */
public record TableDef(long id, String name, List<ColumnDef> columns, List<Integer> primaryKey, List<IndexDef> indexes) {
    public TableDef {
        columns = List.copyOf(columns);
        primaryKey = List.copyOf(primaryKey);
        indexes = List.copyOf(indexes);
    }

    public TableDef(long id, String name, List<ColumnDef> columns, List<Integer> primaryKey) {
        this(id, name, columns, primaryKey, List.of());
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

    public Optional<IndexDef> index(String indexName) {
        return indexes.stream().filter(i -> i.name().equals(indexName)).findFirst();
    }

    public TableDef withId(long newId) {
        return new TableDef(newId, name, columns, primaryKey, indexes);
    }

    public TableDef withIndex(IndexDef index) {
        List<IndexDef> more = new ArrayList<>(indexes);
        more.add(index);
        return new TableDef(id, name, columns, primaryKey, more);
    }

    public TableDef withoutIndex(String indexName) {
        return new TableDef(id, name, columns, primaryKey, indexes.stream().filter(i -> !i.name().equals(indexName)).toList());
    }
}
