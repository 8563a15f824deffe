package io.meridian.sql.catalog;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A table: its id (the key prefix of its rows, never reused), name, columns in order, the
 * positions of its primary-key columns, and its secondary indexes (in every build state; see
 * {@link IndexDef#isPublic()}). An empty key means the table has a hidden row id.
 * {@code nextColumnId} is the id the next added column gets: column ids are never reused, so a
 * dropped column's values left in old rows never come back under a new column.
 */
public record TableDef(long id, String name, List<ColumnDef> columns, List<Integer> primaryKey, List<IndexDef> indexes,
        int nextColumnId) {
    public TableDef {
        int next = nextColumnId;
        for (ColumnDef c : columns) {
            next = Math.max(next, c.id() + 1);
        }
        List<ColumnDef> withIds = new ArrayList<>(columns.size());
        for (ColumnDef c : columns) {
            withIds.add(c.id() == ColumnDef.UNASSIGNED ? c.withId(next++) : c);
        }
        columns = List.copyOf(withIds);
        primaryKey = List.copyOf(primaryKey);
        indexes = List.copyOf(indexes);
        nextColumnId = next;
    }

    public TableDef(long id, String name, List<ColumnDef> columns, List<Integer> primaryKey, List<IndexDef> indexes) {
        this(id, name, columns, primaryKey, indexes, 0);
    }

    public TableDef(long id, String name, List<ColumnDef> columns, List<Integer> primaryKey) {
        this(id, name, columns, primaryKey, List.of(), 0);
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

    /** The indexes queries may read: complete ones only. */
    public List<IndexDef> publicIndexes() {
        return indexes.stream().filter(IndexDef::isPublic).toList();
    }

    public TableDef withId(long newId) {
        return new TableDef(newId, name, columns, primaryKey, indexes, nextColumnId);
    }

    public TableDef withIndex(IndexDef index) {
        List<IndexDef> more = new ArrayList<>(indexes);
        more.add(index);
        return new TableDef(id, name, columns, primaryKey, more, nextColumnId);
    }

    /** Replaces the index of the same name (a state change). */
    public TableDef withIndexReplaced(IndexDef index) {
        return new TableDef(id, name, columns, primaryKey,
                indexes.stream().map(i -> i.name().equals(index.name()) ? index : i).toList(), nextColumnId);
    }

    public TableDef withoutIndex(String indexName) {
        return new TableDef(id, name, columns, primaryKey, indexes.stream().filter(i -> !i.name().equals(indexName)).toList(),
                nextColumnId);
    }

    /** Adds a column at the end; it gets the next unused column id. */
    public TableDef withColumn(ColumnDef column) {
        List<ColumnDef> more = new ArrayList<>(columns);
        more.add(column.withId(nextColumnId));
        return new TableDef(id, name, more, primaryKey, indexes, nextColumnId + 1);
    }

    /**
     * Removes the column at {@code position}; key and index positions after it shift down. The
     * caller checks that neither the key nor an index uses it.
     */
    public TableDef withoutColumn(int position) {
        List<ColumnDef> fewer = new ArrayList<>(columns);
        fewer.remove(position);
        List<IndexDef> shifted = indexes.stream().map(i -> i.withColumns(shift(i.columns(), position))).toList();
        return new TableDef(id, name, fewer, shift(primaryKey, position), shifted, nextColumnId);
    }

    private static List<Integer> shift(List<Integer> positions, int removed) {
        return positions.stream().map(p -> p > removed ? p - 1 : p).toList();
    }
}
