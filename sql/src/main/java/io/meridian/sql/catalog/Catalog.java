package io.meridian.sql.catalog;

import io.meridian.sql.codec.KeyCodec;
import io.meridian.txn.Transaction;
import io.meridian.txn.TxnAbortedException;
import io.meridian.txn.TxnUnavailableException;
import io.meridian.truetime.Timestamp;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Tables (with their indexes) and views. The source of truth is the system key space, written in
 * the same transactions as any other data (so DDL is transactional and durable through Paxos);
 * this class keeps the committed definitions in memory and publishes changes after their
 * transaction commits. Tables, views and indexes share one namespace, as in PostgreSQL and SQLite.
 *
 * <p>The catalog is versioned by timestamp: each publication makes a new immutable
 * {@link CatalogSnapshot} valid from the commit timestamp of the DDL transaction that made it
 * (every definition in it carries the timestamp from which it is valid). A transaction pins one
 * snapshot with a {@link Lease} for its whole life, so its statements see one schema even while
 * DDL commits; a multi-step schema change (an online index build) waits between its steps until
 * no lease on a version older than the previous step remains.
 */
public final class Catalog implements CatalogView {
    private static final String TABLE_PREFIX = "table/";
    private static final String VIEW_PREFIX = "view/";
    /** Table and index ids come from one sequence, so no two objects share a key prefix. */
    private static final byte[] OBJECT_ID_SEQUENCE = KeyCodec.systemKey("sequence/table-id");
    private static final long FIRST_TABLE_ID = 100;
    /** Snapshots kept for {@link #snapshotAt}; older ones are dropped. */
    private static final int HISTORY_MAX = 64;

    private volatile CatalogSnapshot current;
    private final Deque<CatalogSnapshot> history = new ArrayDeque<>();
    /**
     * Open leases per snapshot version, counted in place (a count may sit at zero until its
     * version is older than the current one). Guarded by this.
     */
    private final TreeMap<Long, int[]> leases = new TreeMap<>();
    /** Threads in {@link #awaitLeasesFrom}: a release wakes them only when there are any. Guarded by this. */
    private int leaseWaiters;

    Catalog(Map<String, TableDef> tables, Map<String, ViewDef> views) {
        Map<String, Timestamp> validFrom = new HashMap<>();
        tables.keySet().forEach(name -> validFrom.put(name, Timestamp.MIN));
        views.keySet().forEach(name -> validFrom.put(name, Timestamp.MIN));
        this.current = new CatalogSnapshot(0, Timestamp.MIN, tables, views, validFrom);
        history.add(current);
    }

    /** Reads every definition through {@code txn}. */
    public static Catalog load(Transaction txn) throws TxnAbortedException, TxnUnavailableException {
        Map<String, TableDef> tables = new TreeMap<>();
        Iterator<Map.Entry<byte[], byte[]>> it = scanPrefix(txn, TABLE_PREFIX);
        while (it.hasNext()) {
            TableDef table = CatalogCodec.decode(it.next().getValue());
            tables.put(table.name(), table);
        }
        Map<String, ViewDef> views = new TreeMap<>();
        it = scanPrefix(txn, VIEW_PREFIX);
        while (it.hasNext()) {
            ViewDef view = CatalogCodec.decodeView(it.next().getValue());
            views.put(view.name(), view);
        }
        return new Catalog(tables, views);
    }

    private static Iterator<Map.Entry<byte[], byte[]>> scanPrefix(Transaction txn, String prefix)
            throws TxnAbortedException, TxnUnavailableException {
        // '/' + 1 is '0': the end of every key that starts with the prefix.
        String end = prefix.substring(0, prefix.length() - 1) + "0";
        return txn.scan(KeyCodec.systemKey(prefix), KeyCodec.systemKey(end));
    }

    /** The latest published snapshot. */
    public CatalogSnapshot snapshot() {
        return current;
    }

    /**
     * The snapshot that was valid at {@code timestamp}: the latest one published at or before it.
     * Empty when that version is older than the history kept.
     */
    public synchronized Optional<CatalogSnapshot> snapshotAt(Timestamp timestamp) {
        Iterator<CatalogSnapshot> newestFirst = history.descendingIterator();
        while (newestFirst.hasNext()) {
            CatalogSnapshot s = newestFirst.next();
            if (!s.validFrom().isAfter(timestamp)) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }

    @Override
    public Optional<TableDef> table(String name) {
        return current.table(name);
    }

    @Override
    public Collection<TableDef> tables() {
        return current.tables();
    }

    @Override
    public Optional<ViewDef> view(String name) {
        return current.view(name);
    }

    @Override
    public Collection<ViewDef> views() {
        return current.views();
    }

    /** The table that has an index called {@code indexName}, if any. */
    public Optional<TableDef> tableOfIndex(String indexName) {
        return current.tableOfIndex(indexName);
    }

    /** What kind of object, if any, is called {@code name}: "table", "view" or "index". */
    public Optional<String> kindOf(String name) {
        return current.kindOf(name);
    }

    /** Changes whenever a DDL statement commits; cached plans compare it. */
    public long version() {
        return current.version();
    }

    /** A pin on one snapshot; release it when the transaction that uses it ends. */
    public final class Lease {
        private final CatalogSnapshot snapshot;
        /** The open-lease count of the snapshot's version, in {@link #leases}. */
        private final int[] open;
        private boolean released;

        private Lease(CatalogSnapshot snapshot, int[] open) {
            this.snapshot = snapshot;
            this.open = open;
        }

        public CatalogSnapshot snapshot() {
            return snapshot;
        }

        public void release() {
            synchronized (Catalog.this) {
                if (released) {
                    return;
                }
                released = true;
                if (--open[0] == 0 && snapshot != current) {
                    leases.remove(snapshot.version());
                }
                if (leaseWaiters > 0) {
                    Catalog.this.notifyAll();
                }
            }
        }
    }

    /** Pins the latest snapshot. */
    public synchronized Lease lease() {
        CatalogSnapshot pinned = current;
        int[] open = leases.computeIfAbsent(pinned.version(), v -> new int[1]);
        open[0]++;
        return new Lease(pinned, open);
    }

    /**
     * Waits until no lease on a version older than {@code version} is open, so every running
     * statement sees {@code version} or newer. False if some were still open after the timeout.
     */
    public synchronized boolean awaitLeasesFrom(long version, long timeoutMillis) throws InterruptedException {
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
        while (leasesBefore(version) > 0) {
            long leftMillis = (deadline - System.nanoTime()) / 1_000_000L;
            if (leftMillis <= 0) {
                return false;
            }
            leaseWaiters++;
            try {
                wait(leftMillis);
            } finally {
                leaseWaiters--;
            }
        }
        return true;
    }

    /** Open leases on versions older than {@code version} (counts left at zero are dropped on the way). */
    public synchronized int leasesBefore(long version) {
        int open = 0;
        for (Iterator<int[]> counts = leases.headMap(version).values().iterator(); counts.hasNext(); ) {
            int n = counts.next()[0];
            if (n == 0) {
                counts.remove();
            }
            open += n;
        }
        return open;
    }

    /** A new table or index id, never reused, allocated inside {@code txn}. */
    public long allocateId(Transaction txn) throws TxnAbortedException, TxnUnavailableException {
        long id = txn.get(OBJECT_ID_SEQUENCE).map(b -> ByteBuffer.wrap(b).getLong()).orElse(FIRST_TABLE_ID);
        txn.put(OBJECT_ID_SEQUENCE, ByteBuffer.allocate(8).putLong(id + 1).array());
        return id;
    }

    /** Allocates a table id and writes the definition, both inside {@code txn}. */
    public TableDef writeNewTable(Transaction txn, TableDef withoutId) throws TxnAbortedException, TxnUnavailableException {
        TableDef table = withoutId.withId(allocateId(txn));
        writeTable(txn, table);
        return table;
    }

    /** Writes (creates or replaces) a table definition inside {@code txn}. */
    public void writeTable(Transaction txn, TableDef table) throws TxnAbortedException {
        txn.put(tableKey(table.name()), CatalogCodec.encode(table));
    }

    /**
     * Removes the definition inside {@code txn}. The rows and index entries stay under the old ids,
     * which are never reused, so they are unreachable; reclaiming their space is left to range GC.
     */
    public void deleteTable(Transaction txn, String name) throws TxnAbortedException {
        txn.delete(tableKey(name));
    }

    /** Reads the definition through {@code txn}, taking a shared lock so concurrent DDL serialises. */
    public Optional<TableDef> readTable(Transaction txn, String name) throws TxnAbortedException, TxnUnavailableException {
        return txn.get(tableKey(name)).map(CatalogCodec::decode);
    }

    public Optional<ViewDef> readView(Transaction txn, String name) throws TxnAbortedException, TxnUnavailableException {
        return txn.get(viewKey(name)).map(CatalogCodec::decodeView);
    }

    public void writeView(Transaction txn, ViewDef view) throws TxnAbortedException {
        txn.put(viewKey(view.name()), CatalogCodec.encode(view));
    }

    public void deleteView(Transaction txn, String name) throws TxnAbortedException {
        txn.delete(viewKey(name));
    }

    /**
     * Makes a committed table change (null: the table was dropped) visible to new statements, as
     * of {@code committedAt}, the DDL transaction's commit timestamp. A publication older than the
     * one already made for the name is ignored: two DDL statements on one table serialise on its
     * catalog key, but may publish in either order once both committed.
     */
    public synchronized void publish(String name, TableDef tableOrNull, Timestamp committedAt) {
        if (!current.isNewerFor(name, committedAt)) {
            return;
        }
        Map<String, TableDef> next = new TreeMap<>(current.tableMap());
        if (tableOrNull == null) {
            next.remove(name);
        } else {
            next.put(name, tableOrNull);
        }
        install(new CatalogSnapshot(current.version() + 1, Timestamp.max(current.validFrom(), committedAt), next,
                current.viewMap(), current.withValidFrom(name, committedAt)));
    }

    /** Makes a committed view change (null: dropped) visible to new statements; see {@link #publish}. */
    public synchronized void publishView(String name, ViewDef viewOrNull, Timestamp committedAt) {
        if (!current.isNewerFor(name, committedAt)) {
            return;
        }
        Map<String, ViewDef> next = new TreeMap<>(current.viewMap());
        if (viewOrNull == null) {
            next.remove(name);
        } else {
            next.put(name, viewOrNull);
        }
        install(new CatalogSnapshot(current.version() + 1, Timestamp.max(current.validFrom(), committedAt),
                current.tableMap(), next, current.withValidFrom(name, committedAt)));
    }

    private void install(CatalogSnapshot next) {
        current = next;
        history.addLast(next);
        while (history.size() > HISTORY_MAX) {
            history.removeFirst();
        }
    }

    private static byte[] tableKey(String name) {
        return KeyCodec.systemKey(TABLE_PREFIX + name);
    }

    private static byte[] viewKey(String name) {
        return KeyCodec.systemKey(VIEW_PREFIX + name);
    }
}
