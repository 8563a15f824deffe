package io.meridian.sql.exec;

import io.meridian.sql.SqlStateException;
import io.meridian.sql.SqlStates;
import io.meridian.sql.StatementResult;
import io.meridian.sql.calcite.ColumnTypes;
import io.meridian.sql.catalog.Catalog;
import io.meridian.sql.catalog.ColumnDef;
import io.meridian.sql.catalog.IndexDef;
import io.meridian.sql.catalog.TableDef;
import io.meridian.sql.catalog.ViewDef;
import io.meridian.sql.codec.KeyCodec;
import io.meridian.sql.ddl.DdlStatement;
import io.meridian.txn.Transaction;
import io.meridian.txn.TxnAbortedException;
import io.meridian.txn.TxnUnavailableException;
import java.util.List;
import java.util.Optional;

/**
 * Runs one DDL statement inside a transaction: reads and writes the catalog through it (so
 * concurrent DDL serialises on the catalog keys) and queues the in-memory publication of the
 * change for after the commit. Tables, views and indexes share one namespace.
 */
public final class DdlExecutor {
    /**
     * Checks that a view's query is valid SQL over existing objects, with {@code replacing} (or
     * null) standing in for the table of the same name; throws if not.
     */
    public interface QueryChecker {
        void check(String querySql, TableDef replacing) throws Exception;
    }

    /** Evaluates a constant expression (a column's DEFAULT) to a value of the column's type. */
    public interface DefaultEvaluator {
        Object evaluate(String expressionSql, ColumnDef column) throws Exception;
    }

    /** Column ids are stored as unsigned shorts in every row. */
    private static final int COLUMN_IDS_MAX = 65_535;
    /** PostgreSQL's SQLState for "other objects depend on it". */
    static final String DEPENDENT_OBJECTS_STILL_EXIST = "2BP01";

    private final Catalog catalog;
    private final Transaction txn;
    private final List<Runnable> publish;
    private final QueryChecker queryChecker;
    private final DefaultEvaluator defaults;
    private TableDef dropped;

    public DdlExecutor(Catalog catalog, Transaction txn, List<Runnable> publish, QueryChecker queryChecker,
            DefaultEvaluator defaults) {
        this.catalog = catalog;
        this.txn = txn;
        this.publish = publish;
        this.queryChecker = queryChecker;
        this.defaults = defaults;
    }

    public StatementResult execute(DdlStatement statement) throws Exception {
        if (statement instanceof DdlStatement.CreateTable s) {
            createTable(s);
        } else if (statement instanceof DdlStatement.DropTable s) {
            dropTable(s);
        } else if (statement instanceof DdlStatement.AddColumn s) {
            addColumn(s);
        } else if (statement instanceof DdlStatement.DropColumn s) {
            dropColumn(s);
        } else if (statement instanceof DdlStatement.CreateIndex || statement instanceof DdlStatement.DropIndex) {
            throw new IllegalArgumentException("indexes are built and dropped online, by OnlineIndexChange");
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
        for (int i = 0; i < create.primaryKey().size(); i++) {
            if (create.primaryKey().subList(0, i).contains(create.primaryKey().get(i))) {
                throw new SqlStateException("42701", "column \"" + create.columns().get(create.primaryKey().get(i)).name()
                        + "\" appears twice in the primary key of table \"" + create.name() + "\"");
            }
        }
        for (ColumnDef column : create.columns()) {
            if (column.defaultSql() != null) {
                checkDefault(column, create.name());
            }
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

    /**
     * The column's DEFAULT evaluated now, as the column stores it: a DEFAULT that cannot give a
     * value of the column's type is refused when the table is created or the column added, not at
     * every later INSERT (as in PostgreSQL). A DEFAULT such as CURRENT_TIMESTAMP is still evaluated
     * again for each row.
     */
    private Object checkDefault(ColumnDef column, String table) throws SqlStateException {
        try {
            Object value = defaults.evaluate(column.defaultSql(), column);
            return value == null ? null : ColumnTypes.coerce(value, column, table);
        } catch (Exception e) {
            SqlStateException mapped = ErrorMapper.map(e);
            throw new SqlStateException(mapped.sqlState(), "invalid DEFAULT for column \"" + column.name()
                    + "\" of table \"" + table + "\": " + mapped.getMessage(), e);
        }
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
        Optional<TableDef> table = catalog.readTable(txn, drop.name());
        if (table.isEmpty()) {
            if (catalog.view(drop.name()).isPresent()) {
                throw wrongKind(drop.name(), "view", "DROP VIEW");
            }
            if (drop.ifExists()) {
                return;
            }
            throw new SqlStateException(SqlStates.UNDEFINED_TABLE, "table \"" + drop.name() + "\" does not exist");
        }
        catalog.deleteTable(txn, drop.name());
        dropped = table.get();
        publish.add(() -> catalog.publish(drop.name(), null, txn.commitTimestamp()));
    }

    /** The table a DROP TABLE removed (its rows are purged once the drop committed), or null. */
    public TableDef droppedTable() {
        return dropped;
    }

    private void addColumn(DdlStatement.AddColumn add) throws Exception {
        TableDef table = existingTable(add.table());
        ColumnDef column = add.column();
        if (table.columnIndex(column.name()) >= 0) {
            if (add.ifNotExists()) {
                return;
            }
            throw new SqlStateException("42701", "column \"" + column.name() + "\" of table \"" + table.name()
                    + "\" already exists");
        }
        if (table.nextColumnId() >= COLUMN_IDS_MAX) {
            throw new SqlStateException("54011", "table \"" + table.name() + "\" has had " + COLUMN_IDS_MAX
                    + " columns added over its life, the most it can have");
        }
        // Rows already stored read the DEFAULT as it is now, evaluated once (as in PostgreSQL), so
        // adding a column rewrites no rows.
        Object missing = column.defaultSql() == null ? null : checkDefault(column, table.name());
        if (missing == null && !column.nullable()
                && txn.scan(KeyCodec.tablePrefix(table.id()), KeyCodec.tableEnd(table.id())).hasNext()) {
            throw new SqlStateException(SqlStates.NOT_NULL_VIOLATION, "column \"" + column.name() + "\" of table \""
                    + table.name() + "\" would contain null values: give a NOT NULL column added to a table with rows a DEFAULT");
        }
        TableDef altered = table.withColumn(column.withMissingValue(missing));
        catalog.writeTable(txn, altered);
        publishTable(altered);
    }

    /**
     * Drops a column from the definition; stored rows keep its value under the column's id, which
     * is never reused, so they read as if it had never been there. A column in the primary key or
     * an index is refused (drop the index first) rather than taking the index with it silently.
     */
    private void dropColumn(DdlStatement.DropColumn drop) throws SqlStateException, TxnAbortedException,
            TxnUnavailableException {
        TableDef table = existingTable(drop.table());
        int position = table.columnIndex(drop.column());
        if (position < 0) {
            if (drop.ifExists()) {
                return;
            }
            throw new SqlStateException(SqlStates.UNDEFINED_COLUMN, "column \"" + drop.column() + "\" of table \""
                    + table.name() + "\" does not exist");
        }
        String what = "cannot drop column \"" + drop.column() + "\" of table \"" + table.name() + "\": ";
        if (table.primaryKey().contains(position)) {
            throw new SqlStateException(DEPENDENT_OBJECTS_STILL_EXIST, what + "it is part of the primary key");
        }
        for (IndexDef index : table.indexes()) {
            if (index.columns().contains(position)) {
                throw new SqlStateException(DEPENDENT_OBJECTS_STILL_EXIST, what + "index \"" + index.name()
                        + "\" depends on it; DROP INDEX " + index.name() + " first");
            }
        }
        if (table.columns().size() == 1) {
            throw new SqlStateException(SqlStates.FEATURE_NOT_SUPPORTED, what + "it is the table's only column");
        }
        TableDef altered = table.withoutColumn(position);
        for (ViewDef view : catalog.views()) {
            if (dependsOnDrop(view, table, altered)) {
                throw new SqlStateException(DEPENDENT_OBJECTS_STILL_EXIST, what + "view \"" + view.name()
                        + "\" depends on it; drop or replace the view first");
            }
        }
        catalog.writeTable(txn, altered);
        publishTable(altered);
    }

    /** Whether {@code view} plans over {@code table} as it is but not once it becomes {@code altered}. */
    private boolean dependsOnDrop(ViewDef view, TableDef table, TableDef altered) {
        if (!view.querySql().toUpperCase(java.util.Locale.ROOT).contains(table.name())) {
            return false;
        }
        try {
            queryChecker.check(view.querySql(), table);
        } catch (Exception alreadyBroken) {
            return false;
        }
        try {
            queryChecker.check(view.querySql(), altered);
            return false;
        } catch (Exception e) {
            return true;
        }
    }

    private TableDef existingTable(String name) throws SqlStateException, TxnAbortedException, TxnUnavailableException {
        Optional<TableDef> table = catalog.readTable(txn, name);
        if (table.isEmpty()) {
            if (catalog.view(name).isPresent()) {
                throw wrongKind(name, "view", "CREATE OR REPLACE VIEW");
            }
            throw new SqlStateException(SqlStates.UNDEFINED_TABLE, "table \"" + name + "\" does not exist");
        }
        return table.get();
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
            queryChecker.check(view.querySql(), null);
        } catch (Exception e) {
            SqlStateException mapped = ErrorMapper.map(e);
            throw new SqlStateException(mapped.sqlState(), "invalid query for view \"" + view.name() + "\": "
                    + mapped.getMessage(), e);
        }
        catalog.writeView(txn, view);
        publish.add(() -> catalog.publishView(view.name(), view, txn.commitTimestamp()));
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
        publish.add(() -> catalog.publishView(drop.name(), null, txn.commitTimestamp()));
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
        publish.add(() -> catalog.publish(table.name(), table, txn.commitTimestamp()));
    }

    private static SqlStateException alreadyExists(String name) {
        return new SqlStateException(SqlStates.DUPLICATE_TABLE, "relation \"" + name + "\" already exists");
    }

    private static SqlStateException wrongKind(String name, String kind, String use) {
        return new SqlStateException(SqlStates.WRONG_OBJECT_TYPE, "\"" + name + "\" is a " + kind + "; use " + use);
    }
}
