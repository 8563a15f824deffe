package io.meridian.sql.exec;

import io.meridian.sql.SqlStateException;
import io.meridian.sql.SqlStates;
import io.meridian.sql.StatementResult;
import io.meridian.sql.catalog.Catalog;
import io.meridian.sql.catalog.IndexDef;
import io.meridian.sql.catalog.TableDef;
import io.meridian.sql.catalog.ViewDef;
import io.meridian.sql.codec.KeyCodec;
import io.meridian.sql.codec.RowCodec;
import io.meridian.sql.ddl.DdlStatement;
import io.meridian.storage.keys.KeyEncoder;
import io.meridian.txn.Transaction;
import io.meridian.txn.TxnAbortedException;
import io.meridian.txn.TxnUnavailableException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Runs one DDL statement inside a transaction: reads and writes the catalog through it (so
 * concurrent DDL serialises on the catalog keys) and queues the in-memory publication of the
 * change for after the commit. Tables, views and indexes share one namespace.
 */
public final class DdlExecutor {
    /** Checks that a view's query is valid SQL over existing objects; throws if not. */
    public interface QueryChecker {
        void check(String querySql) throws Exception;
    }

    private static final byte[] INDEX_ENTRY_VALUE = {1};

    private final Catalog catalog;
    private final Transaction txn;
    private final List<Runnable> publish;
    private final QueryChecker queryChecker;

    public DdlExecutor(Catalog catalog, Transaction txn, List<Runnable> publish, QueryChecker queryChecker) {
        this.catalog = catalog;
        this.txn = txn;
        this.publish = publish;
        this.queryChecker = queryChecker;
    }

    public StatementResult execute(DdlStatement statement) throws Exception {
        if (statement instanceof DdlStatement.CreateTable s) {
            createTable(s);
        } else if (statement instanceof DdlStatement.DropTable s) {
            dropTable(s);
        } else if (statement instanceof DdlStatement.CreateIndex s) {
            createIndex(s);
        } else if (statement instanceof DdlStatement.DropIndex s) {
            dropIndex(s);
        } else if (statement instanceof DdlStatement.CreateView s) {
            createView(s);
        } else if (statement instanceof DdlStatement.DropView s) {
            dropView(s);
        } else {
            reindex((DdlStatement.Reindex) statement);
        }
        return StatementResult.updateCount(0);
    }

    private void createTable(DdlStatement.CreateTable create) throws SqlStateException, TxnAbortedException,
            TxnUnavailableException {
        if (catalog.readTable(txn, create.name()).isPresent() || catalog.kindOf(create.name()).isPresent()) {
            if (create.ifNotExists()) {
                return;
            }
            throw alreadyExists(create.name());
        }
        TableDef table = catalog.writeNewTable(txn, new TableDef(0, create.name(), create.columns(), create.primaryKey()));
        for (List<Integer> unique : create.uniqueKeys()) {
            if (!unique.equals(table.primaryKey())) {
                table = table.withIndex(new IndexDef(catalog.allocateId(txn), constraintName(table, unique), unique,
                        unique.stream().map(c -> false).toList(), true));
            }
        }
        catalog.writeTable(txn, table);
        publishTable(table);
    }

    /** PostgreSQL's name for a UNIQUE constraint's index: table_column[_column]_key, made unique. */
    private String constraintName(TableDef table, List<Integer> columns) {
        StringBuilder name = new StringBuilder(table.name());
        for (int column : columns) {
            name.append('_').append(table.columns().get(column).name());
        }
        String base = name.append("_KEY").toString();
        String candidate = base;
        for (int n = 1; catalog.kindOf(candidate).isPresent() || table.index(candidate).isPresent(); n++) {
            candidate = base + n;
        }
        return candidate;
    }

    private void dropTable(DdlStatement.DropTable drop) throws SqlStateException, TxnAbortedException,
            TxnUnavailableException {
        if (catalog.readTable(txn, drop.name()).isEmpty()) {
            if (catalog.view(drop.name()).isPresent()) {
                throw wrongKind(drop.name(), "view", "DROP VIEW");
            }
            if (drop.ifExists()) {
                return;
            }
            throw new SqlStateException(SqlStates.UNDEFINED_TABLE, "table \"" + drop.name() + "\" does not exist");
        }
        catalog.deleteTable(txn, drop.name());
        publish.add(() -> catalog.publish(drop.name(), null));
    }

    private void createIndex(DdlStatement.CreateIndex create) throws SqlStateException, TxnAbortedException,
            TxnUnavailableException {
        TableDef table = catalog.readTable(txn, create.table()).orElseThrow(() -> new SqlStateException(
                SqlStates.UNDEFINED_TABLE, "table \"" + create.table() + "\" does not exist"));
        if (catalog.kindOf(create.name()).isPresent() || table.index(create.name()).isPresent()) {
            if (create.ifNotExists()) {
                return;
            }
            throw alreadyExists(create.name());
        }
        List<Integer> columns = new ArrayList<>();
        for (String column : create.columns()) {
            int position = table.columnIndex(column);
            if (position < 0) {
                throw new SqlStateException(SqlStates.UNDEFINED_COLUMN, "column \"" + column + "\" of table \""
                        + table.name() + "\" does not exist");
            }
            columns.add(position);
        }
        IndexDef index = new IndexDef(catalog.allocateId(txn), create.name(), columns, create.descending(), create.unique());
        backfill(table, index);
        TableDef indexed = table.withIndex(index);
        catalog.writeTable(txn, indexed);
        publishTable(indexed);
    }

    /** Writes an entry for every row of the table; a UNIQUE index fails on the first duplicate. */
    private void backfill(TableDef table, IndexDef index) throws SqlStateException, TxnAbortedException,
            TxnUnavailableException {
        List<Map.Entry<byte[], byte[]>> rows = new ArrayList<>();
        Iterator<Map.Entry<byte[], byte[]>> scan = txn.scan(KeyCodec.tablePrefix(table.id()), KeyCodec.tableEnd(table.id()));
        scan.forEachRemaining(rows::add);
        for (Map.Entry<byte[], byte[]> row : rows) {
            Object[] values = RowCodec.decode(row.getValue());
            if (index.unique()) {
                byte[] prefix = KeyCodec.indexValues(table, index, values, true);
                if (prefix != null && txn.scan(prefix, KeyEncoder.prefixEnd(prefix)).hasNext()) {
                    throw new SqlStateException(SqlStates.UNIQUE_VIOLATION, "could not create unique index \""
                            + index.name() + "\": table \"" + table.name() + "\" has duplicate values in its columns");
                }
            }
            txn.put(KeyCodec.indexEntry(table, index, values, row.getKey()), INDEX_ENTRY_VALUE);
        }
    }

    private void dropIndex(DdlStatement.DropIndex drop) throws SqlStateException, TxnAbortedException,
            TxnUnavailableException {
        Optional<TableDef> owner = catalog.tableOfIndex(drop.name());
        Optional<TableDef> table = owner.isEmpty() ? Optional.empty() : catalog.readTable(txn, owner.get().name());
        if (table.isEmpty() || table.get().index(drop.name()).isEmpty()) {
            if (drop.ifExists()) {
                return;
            }
            throw new SqlStateException(SqlStates.UNDEFINED_OBJECT, "index \"" + drop.name() + "\" does not exist");
        }
        // The entries stay under the index id, which is never reused; range GC reclaims them.
        TableDef without = table.get().withoutIndex(drop.name());
        catalog.writeTable(txn, without);
        publishTable(without);
    }

    private void createView(DdlStatement.CreateView create) throws Exception {
        Optional<ViewDef> existing = catalog.readView(txn, create.name());
        Optional<String> kind = catalog.kindOf(create.name());
        if (existing.isPresent() || kind.isPresent()) {
            if (create.ifNotExists()) {
                return;
            }
            if (!create.orReplace() || kind.filter(k -> !k.equals("view")).isPresent()) {
                throw alreadyExists(create.name());
            }
        }
        ViewDef view = new ViewDef(create.name(), create.querySql(), create.columnNames());
        try {
            queryChecker.check(view.querySql());
        } catch (Exception e) {
            SqlStateException mapped = ErrorMapper.map(e);
            throw new SqlStateException(mapped.sqlState(), "invalid query for view \"" + view.name() + "\": "
                    + mapped.getMessage(), e);
        }
        catalog.writeView(txn, view);
        publish.add(() -> catalog.publishView(view.name(), view));
    }

    private void dropView(DdlStatement.DropView drop) throws SqlStateException, TxnAbortedException,
            TxnUnavailableException {
        if (catalog.readView(txn, drop.name()).isEmpty()) {
            if (catalog.table(drop.name()).isPresent()) {
                throw wrongKind(drop.name(), "table", "DROP TABLE");
            }
            if (drop.ifExists()) {
                return;
            }
            throw new SqlStateException(SqlStates.UNDEFINED_TABLE, "view \"" + drop.name() + "\" does not exist");
        }
        catalog.deleteView(txn, drop.name());
        publish.add(() -> catalog.publishView(drop.name(), null));
    }

    /**
     * Index entries are written in the same transaction as their rows, so an index is never stale
     * and there is nothing to rebuild: REINDEX only checks that its target exists.
     */
    private void reindex(DdlStatement.Reindex reindex) throws SqlStateException {
        if (reindex.name() != null && catalog.table(reindex.name()).isEmpty()
                && catalog.tableOfIndex(reindex.name()).isEmpty()) {
            throw new SqlStateException(SqlStates.UNDEFINED_OBJECT, "no index or table named \"" + reindex.name() + "\"");
        }
    }

    private void publishTable(TableDef table) {
        publish.add(() -> catalog.publish(table.name(), table));
    }

    private static SqlStateException alreadyExists(String name) {
        return new SqlStateException(SqlStates.DUPLICATE_TABLE, "relation \"" + name + "\" already exists");
    }

    private static SqlStateException wrongKind(String name, String kind, String use) {
        return new SqlStateException(SqlStates.WRONG_OBJECT_TYPE, "\"" + name + "\" is a " + kind + "; use " + use);
    }
}
