package io.meridian.sql.catalog;

import io.meridian.sql.codec.KeyCodec;
import io.meridian.txn.Transaction;
import io.meridian.txn.TxnAbortedException;
import io.meridian.txn.TxnUnavailableException;
import java.nio.ByteBuffer;
import java.util.Collection;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Tables (with their indexes) and views. The source of truth is the system key space, written in
 * the same transactions as any other data (so DDL is transactional and durable through Paxos);
 * this class keeps the committed definitions in memory and publishes changes after their
 * transaction commits. Tables, views and indexes share one namespace, as in PostgreSQL and SQLite.
 */
public final class Catalog {
    private static final String TABLE_PREFIX = "table/";
    private static final String VIEW_PREFIX = "view/";
    /** Table and index ids come from one sequence, so no two objects share a key prefix. */
    private static final byte[] OBJECT_ID_SEQUENCE = KeyCodec.systemKey("sequence/table-id");
    private static final long FIRST_TABLE_ID = 100;

    private volatile Map<String, TableDef> tables;
    private volatile Map<String, ViewDef> views;
    private final AtomicLong version = new AtomicLong();

    private Catalog(Map<String, TableDef> tables, Map<String, ViewDef> views) {
        this.tables = tables;
        this.views = views;
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

    public Optional<TableDef> table(String name) {
        return Optional.ofNullable(tables.get(name));
    }

    public Collection<TableDef> tables() {
        return tables.values();
    }

    public Optional<ViewDef> view(String name) {
        return Optional.ofNullable(views.get(name));
    }

    public Collection<ViewDef> views() {
        return views.values();
    }

    /** The table that has an index called {@code indexName}, if any. */
    public Optional<TableDef> tableOfIndex(String indexName) {
        return tables.values().stream().filter(t -> t.index(indexName).isPresent()).findFirst();
    }

    /** What kind of object, if any, is called {@code name}: "table", "view" or "index". */
    public Optional<String> kindOf(String name) {
        if (tables.containsKey(name)) {
            return Optional.of("table");
        }
        if (views.containsKey(name)) {
            return Optional.of("view");
        }
        return tableOfIndex(name).map(t -> "index");
    }

    /** Changes whenever a DDL statement commits; cached plans compare it. */
    public long version() {
        return version.get();
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

    /** Makes a committed table change visible to new statements. */
    public synchronized void publish(String name, TableDef tableOrNull) {
        Map<String, TableDef> next = new TreeMap<>(tables);
        if (tableOrNull == null) {
            next.remove(name);
        } else {
            next.put(name, tableOrNull);
        }
        tables = next;
        version.incrementAndGet();
    }

    /** Makes a committed view change visible to new statements. */
    public synchronized void publishView(String name, ViewDef viewOrNull) {
        Map<String, ViewDef> next = new TreeMap<>(views);
        if (viewOrNull == null) {
            next.remove(name);
        } else {
            next.put(name, viewOrNull);
        }
        views = next;
        version.incrementAndGet();
    }

    private static byte[] tableKey(String name) {
        return KeyCodec.systemKey(TABLE_PREFIX + name);
    }

    private static byte[] viewKey(String name) {
        return KeyCodec.systemKey(VIEW_PREFIX + name);
    }
}
