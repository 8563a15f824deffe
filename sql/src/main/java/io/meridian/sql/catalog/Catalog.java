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
 * Tables and their columns. The source of truth is the system key space, written in the same
 * transactions as any other data (so DDL is transactional and durable through Paxos); this class
 * keeps the committed definitions in memory and publishes changes after their transaction commits.
 */
public final class Catalog {
    private static final String TABLE_PREFIX = "table/";
    private static final byte[] TABLE_ID_SEQUENCE = KeyCodec.systemKey("sequence/table-id");
    private static final long FIRST_TABLE_ID = 100;

    private volatile Map<String, TableDef> tables;
    private final AtomicLong version = new AtomicLong();

    private Catalog(Map<String, TableDef> tables) {
        this.tables = tables;
    }

    /** Reads every table definition through {@code txn}. */
    public static Catalog load(Transaction txn) throws TxnAbortedException, TxnUnavailableException {
        Map<String, TableDef> tables = new TreeMap<>();
        Iterator<Map.Entry<byte[], byte[]>> it = txn.scan(KeyCodec.systemKey(TABLE_PREFIX), KeyCodec.systemKey("table0"));
        while (it.hasNext()) {
            TableDef table = CatalogCodec.decode(it.next().getValue());
            tables.put(table.name(), table);
        }
        return new Catalog(tables);
    }

    public Optional<TableDef> table(String name) {
        return Optional.ofNullable(tables.get(name));
    }

    public Collection<TableDef> tables() {
        return tables.values();
    }

    /** Changes whenever a DDL statement commits; cached plans compare it. */
    public long version() {
        return version.get();
    }

    /** Allocates a table id (never reused) and writes the definition, both inside {@code txn}. */
    public TableDef writeNewTable(Transaction txn, TableDef withoutId) throws TxnAbortedException, TxnUnavailableException {
        long id = txn.get(TABLE_ID_SEQUENCE).map(b -> ByteBuffer.wrap(b).getLong()).orElse(FIRST_TABLE_ID);
        txn.put(TABLE_ID_SEQUENCE, ByteBuffer.allocate(8).putLong(id + 1).array());
        TableDef table = new TableDef(id, withoutId.name(), withoutId.columns(), withoutId.primaryKey());
        txn.put(tableKey(table.name()), CatalogCodec.encode(table));
        return table;
    }

    /**
     * Removes the definition inside {@code txn}. The rows stay under the old table id, which is
     * never reused, so they are unreachable; reclaiming their space is left to range GC.
     */
    public void deleteTable(Transaction txn, String name) throws TxnAbortedException {
        txn.delete(tableKey(name));
    }

    /** Reads the definition through {@code txn}, taking a shared lock so concurrent DDL serialises. */
    public Optional<TableDef> readTable(Transaction txn, String name) throws TxnAbortedException, TxnUnavailableException {
        return txn.get(tableKey(name)).map(CatalogCodec::decode);
    }

    /** Makes a committed change visible to new statements. */
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

    private static byte[] tableKey(String name) {
        return KeyCodec.systemKey(TABLE_PREFIX + name);
    }
}
