package io.meridian.sql.calcite;

import io.meridian.sql.SqlStateException;
import io.meridian.sql.catalog.ColumnDef;
import io.meridian.sql.catalog.IndexDef;
import io.meridian.sql.catalog.TableDef;
import io.meridian.sql.codec.KeyCodec;
import io.meridian.sql.codec.RowCodec;
import io.meridian.txn.TxnAbortedException;
import io.meridian.txn.TxnScanException;
import io.meridian.txn.TxnUnavailableException;
import java.lang.reflect.Type;
import io.meridian.storage.keys.KeyEncoder;
import java.util.AbstractCollection;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.calcite.adapter.java.AbstractQueryableTable;
import org.apache.calcite.avatica.util.ByteString;
import org.apache.calcite.linq4j.AbstractEnumerable;
import org.apache.calcite.linq4j.Enumerator;
import org.apache.calcite.linq4j.Linq4j;
import org.apache.calcite.linq4j.QueryProvider;
import org.apache.calcite.linq4j.Queryable;
import org.apache.calcite.linq4j.tree.Expression;
import org.apache.calcite.plan.RelOptCluster;
import org.apache.calcite.plan.RelOptTable;
import org.apache.calcite.prepare.Prepare;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.TableModify;
import org.apache.calcite.rel.logical.LogicalTableModify;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.schema.ModifiableTable;
import org.apache.calcite.schema.TranslatableTable;
import io.meridian.sql.plan.MeridianScan;
import org.apache.calcite.schema.SchemaPlus;
import org.apache.calcite.schema.Schemas;
import org.apache.calcite.schema.impl.AbstractTableQueryable;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.sql2rel.InitializerExpressionFactory;

/**
 * A Meridian table as Calcite sees it: rows come from a transactional scan of the table's key
 * range, inserts go into the session's transaction. The "keyed" variant (named NAME$KEYED, never
 * listed to users) adds the row's storage key as a first column; UPDATE and DELETE select through
 * it to find the rows they change.
 */
public final class MeridianTable extends AbstractQueryableTable implements ModifiableTable, TranslatableTable {
    /** Index entries carry everything in their key; the value only has to be non-empty. */
    private static final byte[] INDEX_ENTRY_VALUE = {1};
    public static final String KEY_COLUMN = "$KEY";
    public static final String KEYED_SUFFIX = "$KEYED";

    private final TableDef def;
    private final TableAccess access;
    private final boolean keyed;

    public MeridianTable(TableDef def, TableAccess access, boolean keyed) {
        super(Object[].class);
        this.def = def;
        this.access = access;
        this.keyed = keyed;
    }

    public TableDef definition() {
        return def;
    }

    /** The session the table reads and writes through. */
    public TableAccess access() {
        return access;
    }

    /** Whether rows carry their storage key as a first column (the NAME$KEYED variant). */
    public boolean keyed() {
        return keyed;
    }

    /** Reads plan as a {@link MeridianScan}, which planner rules narrow to key ranges. */
    @Override
    public RelNode toRel(RelOptTable.ToRelContext context, RelOptTable relOptTable) {
        return MeridianScan.create(context.getCluster(), relOptTable, this);
    }

    @Override
    public RelDataType getRowType(RelDataTypeFactory factory) {
        RelDataTypeFactory.Builder builder = factory.builder();
        if (keyed) {
            builder.add(KEY_COLUMN, factory.createSqlType(SqlTypeName.VARBINARY));
        }
        for (ColumnDef c : def.columns()) {
            builder.add(c.name(), ColumnTypes.relType(factory, c));
        }
        return builder.build();
    }

    @Override
    public <T> Queryable<T> asQueryable(QueryProvider provider, SchemaPlus schema, String tableName) {
        return new AbstractTableQueryable<T>(provider, schema, this, tableName) {
            @Override
            @SuppressWarnings("unchecked")
            public Enumerator<T> enumerator() {
                return (Enumerator<T>) scan().enumerator();
            }
        };
    }

    /**
     * All rows, read in the session's transaction under a shared range lock. Calcite represents
     * a one-column row as the bare value, so such tables yield scalars, not arrays.
     */
    private AbstractEnumerable<Object> scan() {
        return new AbstractEnumerable<>() {
            @Override
            public Enumerator<Object> enumerator() {
                Iterator<Map.Entry<byte[], byte[]>> rows;
                try {
                    rows = access.transaction().scan(KeyCodec.tablePrefix(def.id()), KeyCodec.tableEnd(def.id()));
                } catch (TxnAbortedException | TxnUnavailableException e) {
                    throw new TxnScanException(e);
                }
                Iterator<Object> decoded = new Iterator<>() {
                    @Override
                    public boolean hasNext() {
                        return rows.hasNext();
                    }

                    @Override
                    public Object next() {
                        Map.Entry<byte[], byte[]> entry = rows.next();
                        Object[] row = RowCodec.decode(entry.getValue());
                        if (!keyed) {
                            return row.length == 1 ? row[0] : row;
                        }
                        Object[] withKey = new Object[row.length + 1];
                        withKey[0] = new ByteString(entry.getKey());
                        System.arraycopy(row, 0, withKey, 1, row.length);
                        return withKey;
                    }
                };
                return Linq4j.iterableEnumerator(() -> decoded);
            }
        };
    }

    @Override
    public Expression getExpression(SchemaPlus schema, String tableName, Class clazz) {
        return Schemas.tableExpression(schema, getElementType(), tableName, clazz);
    }

    @Override
    public Collection getModifiableCollection() {
        return new InsertCollection();
    }

    @Override
    public TableModify toModificationRel(RelOptCluster cluster, RelOptTable table, Prepare.CatalogReader catalogReader,
            RelNode child, TableModify.Operation operation, List<String> updateColumnList,
            List<RexNode> sourceExpressionList, boolean flattened) {
        return LogicalTableModify.create(table, catalogReader, child, operation, updateColumnList, sourceExpressionList,
                flattened);
    }

    @Override
    public <C> C unwrap(Class<C> clazz) {
        if (clazz.isAssignableFrom(InitializerExpressionFactory.class)) {
            return clazz.cast(new ColumnDefaults(def));
        }
        return super.unwrap(clazz);
    }

    /**
     * Writes one row into the session's transaction, with its index entries. The primary key and
     * every UNIQUE index must be free, unless the statement is an UPSERT: then the rows it
     * collides with are replaced (deleted, with their index entries) first.
     */
    public void insertRow(Object[] values) throws SqlStateException, TxnAbortedException, TxnUnavailableException {
        Object[] row = coerceRow(values);
        byte[] key;
        if (def.hasHiddenRowId()) {
            key = KeyCodec.rowIdKey(def.id(), access.nextRowId());
        } else {
            key = KeyCodec.primaryKey(def, row);
            Optional<byte[]> existing = access.transaction().get(key);
            if (existing.isPresent()) {
                if (!access.upsert()) {
                    throw duplicateKey(row);
                }
                removeRow(key, RowCodec.decode(existing.get()));
            }
        }
        for (IndexDef index : def.indexes()) {
            if (index.unique()) {
                checkUnique(index, row, key, access.upsert());
            }
        }
        writeRow(key, row);
    }

    /** One row an UPDATE changes: where it is stored, its stored values and its new values. */
    public record RowChange(byte[] oldKey, Object[] oldValues, Object[] newValues) {
    }

    /**
     * Applies an UPDATE's changes as one step, so constraints hold for the statement's result and
     * not for each intermediate row: first every changed row leaves its old key and old index
     * entries, then every row is written under its new key with its new entries, checked against
     * the primary key and UNIQUE indexes. {@code UPDATE t SET id = id + 1} therefore works.
     */
    public void updateRows(List<RowChange> changes) throws SqlStateException, TxnAbortedException, TxnUnavailableException {
        List<Object[]> newRows = new ArrayList<>(changes.size());
        List<byte[]> newKeys = new ArrayList<>(changes.size());
        for (RowChange change : changes) {
            Object[] oldRow = coerceRow(change.oldValues());
            Object[] newRow = coerceRow(change.newValues());
            byte[] newKey = def.hasHiddenRowId() ? change.oldKey() : KeyCodec.primaryKey(def, newRow);
            newRows.add(newRow);
            newKeys.add(newKey);
            for (IndexDef index : def.indexes()) {
                access.transaction().delete(KeyCodec.indexEntry(def, index, oldRow, change.oldKey()));
            }
            if (!Arrays.equals(newKey, change.oldKey())) {
                access.transaction().delete(change.oldKey());
            }
        }
        for (int i = 0; i < changes.size(); i++) {
            byte[] newKey = newKeys.get(i);
            Object[] newRow = newRows.get(i);
            if (!Arrays.equals(newKey, changes.get(i).oldKey()) && access.transaction().get(newKey).isPresent()) {
                throw duplicateKey(newRow);
            }
            for (IndexDef index : def.indexes()) {
                if (index.unique()) {
                    checkUnique(index, newRow, newKey, false);
                }
            }
            writeRow(newKey, newRow);
        }
    }

    /** Deletes the row stored under {@code key} whose stored values are {@code values}. */
    public void deleteRow(byte[] key, Object[] values) throws SqlStateException, TxnAbortedException {
        removeRow(key, coerceRow(values));
    }

    private void writeRow(byte[] key, Object[] row) throws TxnAbortedException {
        access.transaction().put(key, RowCodec.encode(row));
        for (IndexDef index : def.indexes()) {
            access.transaction().put(KeyCodec.indexEntry(def, index, row, key), INDEX_ENTRY_VALUE);
        }
    }

    private void removeRow(byte[] key, Object[] row) throws TxnAbortedException {
        access.transaction().delete(key);
        for (IndexDef index : def.indexes()) {
            access.transaction().delete(KeyCodec.indexEntry(def, index, row, key));
        }
    }

    /**
     * Fails with 23505 if another row has the same non-NULL values in the UNIQUE {@code index};
     * with {@code replace}, deletes those rows instead. The scan locks the value range, so a
     * concurrent insert of the same values waits or aborts: uniqueness holds across transactions.
     */
    private void checkUnique(IndexDef index, Object[] row, byte[] rowKey, boolean replace)
            throws SqlStateException, TxnAbortedException, TxnUnavailableException {
        byte[] values = KeyCodec.indexValues(def, index, row, true);
        if (values == null) {
            return;
        }
        List<byte[]> others = new ArrayList<>();
        Iterator<Map.Entry<byte[], byte[]>> entries = access.transaction().scan(values, KeyEncoder.prefixEnd(values));
        while (entries.hasNext()) {
            byte[] other = KeyCodec.rowKeyOfEntry(entries.next().getKey(), values.length);
            if (!Arrays.equals(other, rowKey)) {
                others.add(other);
            }
        }
        if (others.isEmpty()) {
            return;
        }
        if (!replace) {
            throw uniqueViolation(index, row);
        }
        for (byte[] other : others) {
            Optional<byte[]> stored = access.transaction().get(other);
            if (stored.isPresent()) {
                removeRow(other, RowCodec.decode(stored.get()));
            }
        }
    }

    private Object[] coerceRow(Object[] values) throws SqlStateException {
        Object[] row = new Object[def.columns().size()];
        for (int i = 0; i < row.length; i++) {
            row[i] = ColumnTypes.coerce(values[i], def.columns().get(i), def.name());
        }
        return row;
    }

    private SqlStateException uniqueViolation(IndexDef index, Object[] row) {
        StringBuilder names = new StringBuilder();
        StringBuilder values = new StringBuilder();
        for (int position : index.columns()) {
            names.append(names.length() > 0 ? ", " : "").append(def.columns().get(position).name());
            values.append(values.length() > 0 ? ", " : "").append(row[position]);
        }
        return new SqlStateException(io.meridian.sql.SqlStates.UNIQUE_VIOLATION, "duplicate key value violates unique index \""
                + index.name() + "\" of table \"" + def.name() + "\": (" + names + ")=(" + values + ") already exists");
    }

    private SqlStateException duplicateKey(Object[] row) {
        StringBuilder names = new StringBuilder();
        StringBuilder values = new StringBuilder();
        for (int position : def.primaryKey()) {
            names.append(names.length() > 0 ? ", " : "").append(def.columns().get(position).name());
            values.append(values.length() > 0 ? ", " : "").append(row[position]);
        }
        return new SqlStateException(io.meridian.sql.SqlStates.UNIQUE_VIOLATION, "duplicate key value violates primary key of table \""
                + def.name() + "\": (" + names + ")=(" + values + ") already exists");
    }

    /**
     * Calcite adds each inserted row here while it still reads the statement's source; the rows
     * are handed to the session, which writes them once the source is exhausted, so an
     * {@code INSERT INTO t SELECT ... FROM t} never reads its own rows. The size is what Calcite
     * reports as the row count.
     */
    private final class InsertCollection extends AbstractCollection<Object> {
        private int added;

        @Override
        public boolean add(Object row) {
            access.deferInsert(MeridianTable.this, row instanceof Object[] array ? array.clone() : new Object[] {row});
            added++;
            return true;
        }

        @Override
        public Iterator<Object> iterator() {
            throw new UnsupportedOperationException("insert-only collection");
        }

        @Override
        public int size() {
            return added;
        }
    }

    @Override
    public Type getElementType() {
        return Object[].class;
    }
}
