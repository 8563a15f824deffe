package io.meridian.sql.exec;

import io.meridian.sql.SqlStateException;
import io.meridian.sql.SqlStates;
import io.meridian.sql.catalog.Catalog;
import io.meridian.sql.catalog.IndexDef;
import io.meridian.sql.catalog.TableDef;
import io.meridian.sql.codec.KeyCodec;
import io.meridian.sql.codec.RowCodec;
import io.meridian.txn.Transaction;
import io.meridian.txn.TxnAbortedException;
import io.meridian.txn.TxnUnavailableException;
import java.nio.ByteBuffer;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * Compares a full scan of a table with a scan of one of its indexes: every live row must have
 * exactly the entry its current values give, and no other entry may exist. Entries carry the row
 * key after the values, so "exactly once" means no entry is missing and none is dangling (an
 * entry with stale values for a live row counts as dangling, its right one as missing).
 */
public final class IndexVerifier {
    /** Rows and entries counted, and entries missing for live rows or present without a row. */
    public record Report(long rows, long entries, long missing, long dangling) {
        public boolean consistent() {
            return missing == 0 && dangling == 0 && rows == entries;
        }
    }

    private IndexVerifier() {
    }

    public static Report verify(Transaction txn, Catalog catalog, String tableName, String indexName)
            throws SqlStateException, TxnAbortedException, TxnUnavailableException {
        TableDef table = catalog.readTable(txn, tableName).orElseThrow(() -> new SqlStateException(
                SqlStates.UNDEFINED_TABLE, "table \"" + tableName + "\" does not exist"));
        IndexDef index = table.index(indexName).orElseThrow(() -> new SqlStateException(SqlStates.UNDEFINED_OBJECT,
                "index \"" + indexName + "\" of table \"" + tableName + "\" does not exist"));
        Set<ByteBuffer> expected = new HashSet<>();
        long rows = 0;
        Iterator<Map.Entry<byte[], byte[]>> scan = txn.scan(KeyCodec.tablePrefix(table.id()), KeyCodec.tableEnd(table.id()));
        while (scan.hasNext()) {
            Map.Entry<byte[], byte[]> row = scan.next();
            expected.add(ByteBuffer.wrap(KeyCodec.indexEntry(table, index, RowCodec.decode(table, row.getValue()), row.getKey())));
            rows++;
        }
        long entries = 0;
        long dangling = 0;
        Iterator<Map.Entry<byte[], byte[]>> entryScan = txn.scan(KeyCodec.indexPrefix(table.id(), index.id()),
                KeyCodec.indexEnd(table.id(), index.id()));
        while (entryScan.hasNext()) {
            entries++;
            if (!expected.remove(ByteBuffer.wrap(entryScan.next().getKey()))) {
                dangling++;
            }
        }
        return new Report(rows, entries, expected.size(), dangling);
    }

    /** Keys stored in [start, end). */
    public static long countKeys(Transaction txn, byte[] start, byte[] end) throws TxnAbortedException,
            TxnUnavailableException {
        long count = 0;
        for (Iterator<Map.Entry<byte[], byte[]>> it = txn.scan(start, end); it.hasNext(); it.next()) {
            count++;
        }
        return count;
    }
}
