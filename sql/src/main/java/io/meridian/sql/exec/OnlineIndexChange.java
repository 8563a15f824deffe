package io.meridian.sql.exec;

import io.meridian.sql.SqlStateException;
import io.meridian.sql.SqlStates;
import io.meridian.sql.catalog.Catalog;
import io.meridian.sql.catalog.IndexDef;
import io.meridian.sql.catalog.IndexState;
import io.meridian.sql.catalog.TableDef;
import io.meridian.sql.codec.KeyCodec;
import io.meridian.sql.codec.RowCodec;
import io.meridian.sql.ddl.DdlStatement;
import io.meridian.storage.keys.KeyEncoder;
import io.meridian.txn.Transaction;
import io.meridian.txn.TransactionManager;
import io.meridian.txn.TxnAbortedException;
import io.meridian.txn.TxnUnavailableException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * CREATE INDEX and DROP INDEX without stopping writers (F1's online schema change). A build goes
 * DELETE_ONLY, WRITE_ONLY, backfill, PUBLIC; a drop goes WRITE_ONLY, DELETE_ONLY, gone, then
 * purges the entries. Each state change is its own short catalog transaction, and the next step
 * waits until no transaction pinned to an older catalog version is still running, so at any
 * moment writers use at most two adjacent states. By the time the backfill starts, every writer
 * maintains the index, so the backfill (bounded batches, each its own transaction, taking locks
 * only on its batch) only has to add entries for rows written before: the result is every live
 * row in the index exactly once.
 */
public final class OnlineIndexChange {
    /**
     * Rows per backfill transaction, keys per purge transaction (deletes only, so larger), attempts
     * per step, how long a step waits for statements planned against an older schema, and a pause
     * between backfill batches that throttles a build in favour of foreground traffic.
     */
    public record Settings(int batchRows, int purgeBatchKeys, int attemptsMax, long leaseWaitMillis,
            long batchPauseMillis) {
        public static Settings defaults() {
            return new Settings(256, 2_048, 50, 60_000, 0);
        }
    }

    private static final byte[] INDEX_ENTRY_VALUE = {1};
    /** "object in use": a step waited too long for transactions planned against an older schema. */
    private static final String LEASE_TIMEOUT = "55006";

    private final Catalog catalog;
    private final TransactionManager txns;
    private final Settings settings;

    public OnlineIndexChange(Catalog catalog, TransactionManager txns, Settings settings) {
        this.catalog = catalog;
        this.txns = txns;
        this.settings = settings;
    }

    private interface CatalogWork<T> {
        T run(Transaction txn) throws SqlStateException, TxnAbortedException, TxnUnavailableException;
    }

    /** Runs {@code work} in its own transaction, retried while it definitely did not commit. */
    private <T> T inTransaction(CatalogWork<T> work) throws SqlStateException {
        SqlStateException last = null;
        for (int attempt = 0; attempt < settings.attemptsMax(); attempt++) {
            Transaction txn = txns.begin();
            try {
                T result = work.run(txn);
                txn.commit();
                return result;
            } catch (TxnAbortedException | TxnUnavailableException e) {
                txn.rollback();
                last = ErrorMapper.map(e);
                if (!last.sqlState().equals(SqlStates.SERIALIZATION_FAILURE) && !last.sqlState().equals("57P03")) {
                    throw last;
                }
            } catch (SqlStateException | RuntimeException e) {
                txn.rollback();
                throw e;
            }
        }
        throw last;
    }

    /**
     * Changes a table's definition in its own transaction and publishes it; returns the new
     * catalog version, or -1 when {@code change} returned null (nothing to change).
     */
    private long changeTable(String tableName, TableChange change) throws SqlStateException {
        Transaction[] committed = new Transaction[1];
        TableDef changed = inTransaction(txn -> {
            TableDef table = catalog.readTable(txn, tableName).orElseThrow(() -> new SqlStateException(
                    SqlStates.UNDEFINED_TABLE, "table \"" + tableName + "\" does not exist"));
            TableDef next = change.apply(txn, table);
            if (next != null) {
                catalog.writeTable(txn, next);
            }
            committed[0] = txn;
            return next;
        });
        if (changed == null) {
            return -1;
        }
        catalog.publish(tableName, changed, committed[0].commitTimestamp());
        return catalog.version();
    }

    private interface TableChange {
        TableDef apply(Transaction txn, TableDef table) throws SqlStateException, TxnAbortedException,
                TxnUnavailableException;
    }

    /** Waits until every running statement uses catalog {@code version} or newer. */
    private void awaitOldStatements(long version, String indexName) throws SqlStateException {
        try {
            if (!catalog.awaitLeasesFrom(version, settings.leaseWaitMillis())) {
                throw new SqlStateException(LEASE_TIMEOUT, "index \"" + indexName + "\": " + catalog.leasesBefore(version)
                        + " transaction(s) planned against an older schema stayed open for more than "
                        + settings.leaseWaitMillis() + " ms; commit or roll them back and retry");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SqlStateException("57014", "index \"" + indexName + "\": interrupted while waiting for older statements");
        }
    }

    public void create(DdlStatement.CreateIndex create) throws SqlStateException {
        IndexDef[] added = new IndexDef[1];
        long[] tableId = new long[1];
        long version = changeTable(create.table(), (txn, table) -> {
            added[0] = deleteOnlyIndex(txn, table, create);
            tableId[0] = table.id();
            return added[0] == null ? null : table.withIndex(added[0]);
        });
        if (version < 0) {
            return;
        }
        IndexDef index = added[0];
        try {
            awaitOldStatements(version, index.name());
            awaitOldStatements(changeTable(create.table(), (txn, t) -> withState(t, index, IndexState.DELETE_ONLY,
                    IndexState.WRITE_ONLY)), index.name());
            backfill(create.table(), index);
            changeTable(create.table(), (txn, t) -> withState(t, index, IndexState.WRITE_ONLY, IndexState.PUBLIC));
        } catch (SqlStateException e) {
            // After a timeout waiting for old transactions, do not wait for them a second time.
            abandon(create.table(), tableId[0], index, !e.sqlState().equals(LEASE_TIMEOUT));
            throw e;
        } catch (RuntimeException e) {
            abandon(create.table(), tableId[0], index, true);
            throw e;
        }
    }

    /** Step 1: checks the statement; the new index in DELETE_ONLY, or null when IF NOT EXISTS applies. */
    private IndexDef deleteOnlyIndex(Transaction txn, TableDef table, DdlStatement.CreateIndex create)
            throws SqlStateException, TxnAbortedException, TxnUnavailableException {
        if (catalog.kindOf(create.name()).isPresent() || table.index(create.name()).isPresent()) {
            if (create.ifNotExists()) {
                return null;
            }
            throw new SqlStateException(SqlStates.DUPLICATE_TABLE, "relation \"" + create.name() + "\" already exists");
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
        return new IndexDef(catalog.allocateId(txn), create.name(), columns, create.descending(), create.unique(),
                IndexState.DELETE_ONLY);
    }

    /** The table with {@code index} moved from state {@code from} to {@code to}; fails if someone else changed it. */
    private static TableDef withState(TableDef table, IndexDef index, IndexState from, IndexState to)
            throws SqlStateException {
        Optional<IndexDef> current = table.index(index.name()).filter(i -> i.id() == index.id());
        if (current.isEmpty() || current.get().state() != from) {
            throw new SqlStateException("55000", "index \"" + index.name() + "\" of table \"" + table.name()
                    + "\" was dropped or changed by another statement while it was being built");
        }
        return table.withIndexReplaced(current.get().withState(to));
    }

    /**
     * Adds the entries of rows written before writers maintained the index, one batch of rows per
     * transaction. A batch first finds where it ends with a read it rolls back at once, then locks
     * and indexes just that key range, so writers elsewhere in the table never wait for it.
     */
    private void backfill(String tableName, IndexDef index) throws SqlStateException {
        byte[] cursor = null;
        while (true) {
            byte[] from = cursor;
            byte[] next = inTransaction(txn -> backfillBatch(txn, tableName, index, from));
            if (next == null) {
                return;
            }
            cursor = next;
            pause(index.name());
        }
    }

    private void pause(String indexName) throws SqlStateException {
        if (settings.batchPauseMillis() > 0) {
            try {
                Thread.sleep(settings.batchPauseMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SqlStateException("57014", "index \"" + indexName + "\": build interrupted");
            }
        }
    }

    /** Indexes the rows in [from, end of a batch); returns where the next batch starts, null at the end. */
    private byte[] backfillBatch(Transaction txn, String tableName, IndexDef index, byte[] from)
            throws SqlStateException, TxnAbortedException, TxnUnavailableException {
        TableDef table = catalog.readTable(txn, tableName).orElseThrow(() -> new SqlStateException(
                SqlStates.UNDEFINED_TABLE, "table \"" + tableName + "\" was dropped while index \"" + index.name()
                + "\" was being built"));
        IndexDef current = table.index(index.name()).filter(i -> i.id() == index.id() && i.state() == IndexState.WRITE_ONLY)
                .orElseThrow(() -> new SqlStateException("55000", "index \"" + index.name()
                        + "\" was dropped or changed by another statement while it was being built"));
        byte[] start = from == null ? KeyCodec.tablePrefix(table.id()) : from;
        byte[] tableEnd = KeyCodec.tableEnd(table.id());
        byte[] batchEnd = batchEnd(start, tableEnd, settings.batchRows());
        Iterator<Map.Entry<byte[], byte[]>> rows = txn.scan(start, batchEnd == null ? tableEnd : batchEnd);
        List<Map.Entry<byte[], byte[]>> batch = new ArrayList<>();
        rows.forEachRemaining(batch::add);
        for (Map.Entry<byte[], byte[]> row : batch) {
            Object[] values = RowCodec.decode(table, row.getValue());
            if (current.unique()) {
                checkNoOtherRow(txn, table, current, values, row.getKey());
            }
            txn.put(KeyCodec.indexEntry(table, current, values, row.getKey()), INDEX_ENTRY_VALUE);
        }
        return batchEnd;
    }

    /**
     * The first key after this batch's rows, found by a separate transaction that only reads and
     * rolls back (releasing its shared lock at once); null when the rest of the table fits.
     */
    private byte[] batchEnd(byte[] start, byte[] tableEnd, int batchKeys) throws TxnAbortedException,
            TxnUnavailableException {
        Transaction probe = txns.begin();
        try {
            Iterator<Map.Entry<byte[], byte[]>> rows = probe.scan(start, tableEnd);
            for (int i = 0; i < batchKeys; i++) {
                if (!rows.hasNext()) {
                    return null;
                }
                rows.next();
            }
            return rows.hasNext() ? rows.next().getKey() : null;
        } finally {
            probe.rollback();
        }
    }

    private static void checkNoOtherRow(Transaction txn, TableDef table, IndexDef index, Object[] values, byte[] rowKey)
            throws SqlStateException, TxnAbortedException, TxnUnavailableException {
        byte[] prefix = KeyCodec.indexValues(table, index, values, true);
        if (prefix == null) {
            return;
        }
        Iterator<Map.Entry<byte[], byte[]>> entries = txn.scan(prefix, KeyEncoder.prefixEnd(prefix));
        while (entries.hasNext()) {
            if (!Arrays.equals(KeyCodec.rowKeyOfEntry(entries.next().getKey(), prefix.length), rowKey)) {
                StringBuilder shown = new StringBuilder();
                for (int position : index.columns()) {
                    shown.append(shown.length() > 0 ? ", " : "").append(table.columns().get(position).name())
                            .append('=').append(values[position]);
                }
                throw new SqlStateException(SqlStates.UNIQUE_VIOLATION, "could not create unique index \"" + index.name()
                        + "\": table \"" + table.name() + "\" has duplicate values (" + shown + ")");
            }
        }
    }

    /**
     * A failed build leaves nothing behind: the index leaves the catalog, writers still adding
     * entries (planned while it was WRITE_ONLY) finish, then its entries go. Without that wait a
     * straggler's entry would stay: unreachable (index ids are never reused), only not reclaimed.
     */
    private void abandon(String tableName, long tableId, IndexDef index, boolean waitForWriters) {
        try {
            long version = changeTable(tableName, (txn, t) -> t.index(index.name()).filter(i -> i.id() == index.id())
                    .isPresent() ? t.withoutIndex(index.name()) : null);
            if (waitForWriters && version >= 0) {
                try {
                    awaitOldStatements(version, index.name());
                } catch (SqlStateException stillRunning) {
                    // Purge what is there; a late entry is unreachable.
                }
            }
            purge(tableId, index);
        } catch (SqlStateException e) {
            // The build's own error is what the client needs; an index left in a non-PUBLIC state is
            // never read by queries and DROP INDEX removes it.
        }
    }

    /**
     * DROP INDEX: WRITE_ONLY (queries stop reading it), DELETE_ONLY (writers stop adding entries
     * and checking UNIQUE), gone, then its entries are deleted in batches.
     */
    public void drop(DdlStatement.DropIndex drop) throws SqlStateException {
        Optional<TableDef> owner = catalog.tableOfIndex(drop.name());
        if (owner.isEmpty()) {
            if (drop.ifExists()) {
                return;
            }
            throw new SqlStateException(SqlStates.UNDEFINED_OBJECT, "index \"" + drop.name() + "\" does not exist");
        }
        String tableName = owner.get().name();
        IndexDef index = owner.get().index(drop.name()).orElseThrow();
        if (index.state() == IndexState.PUBLIC) {
            awaitOldStatements(changeTable(tableName, (txn, t) -> withState(t, index, IndexState.PUBLIC,
                    IndexState.WRITE_ONLY)), index.name());
        }
        if (index.state() != IndexState.DELETE_ONLY) {
            awaitOldStatements(changeTable(tableName, (txn, t) -> {
                IndexDef now = t.index(index.name()).filter(i -> i.id() == index.id()).orElseThrow(() ->
                        new SqlStateException(SqlStates.UNDEFINED_OBJECT, "index \"" + index.name() + "\" does not exist"));
                return t.withIndexReplaced(now.withState(IndexState.DELETE_ONLY));
            }), index.name());
        }
        // Nothing reads or adds entries in DELETE_ONLY, so the index can go and its entries with it.
        changeTable(tableName, (txn, t) -> t.withoutIndex(index.name()));
        purge(owner.get().id(), index);
    }

    /** Deletes an index's entries, one bounded batch per transaction. */
    private void purge(long tableId, IndexDef index) throws SqlStateException {
        purgeRange(KeyCodec.indexPrefix(tableId, index.id()), KeyCodec.indexEnd(tableId, index.id()));
    }

    /**
     * After DROP TABLE committed: deletes the table's rows and index entries in batches, each its
     * own transaction, so the space comes back without one huge transaction. Nothing can read them
     * any more (ids are never reused); a transaction that began before the drop and writes to the
     * table afterwards may leave a few rows, which are as unreachable as before.
     */
    public void purgeTable(TableDef dropped) throws SqlStateException {
        purgeRange(KeyCodec.tablePrefix(dropped.id()), KeyCodec.tableEnd(dropped.id()));
        for (IndexDef index : dropped.indexes()) {
            purge(dropped.id(), index);
        }
    }

    private void purgeRange(byte[] start, byte[] end) throws SqlStateException {
        byte[] cursor = start;
        while (cursor != null) {
            byte[] from = cursor;
            cursor = inTransaction(txn -> {
                byte[] batchEnd = batchEnd(from, end, settings.purgeBatchKeys());
                Iterator<Map.Entry<byte[], byte[]>> entries = txn.scan(from, batchEnd == null ? end : batchEnd);
                List<byte[]> keys = new ArrayList<>();
                entries.forEachRemaining(e -> keys.add(e.getKey()));
                for (byte[] key : keys) {
                    txn.delete(key);
                }
                return batchEnd;
            });
        }
    }
}
