package io.meridian.sql.plan;

import io.meridian.range.KeyRange;
import io.meridian.sql.calcite.MeridianTable;
import io.meridian.sql.calcite.TableAccess;
import io.meridian.sql.catalog.ColumnDef;
import io.meridian.sql.catalog.IndexDef;
import io.meridian.sql.catalog.TableDef;
import io.meridian.sql.codec.KeyCodec;
import io.meridian.sql.codec.RowCodec;
import io.meridian.storage.keys.KeyDecoder;
import io.meridian.storage.keys.SortOrder;
import io.meridian.txn.TxnAbortedException;
import io.meridian.txn.TxnScanException;
import io.meridian.txn.TxnUnavailableException;
import java.math.BigDecimal;
import java.util.Arrays;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import org.apache.calcite.DataContext;
import org.apache.calcite.avatica.util.ByteString;
import org.apache.calcite.linq4j.AbstractEnumerable;
import org.apache.calcite.linq4j.Enumerable;
import org.apache.calcite.linq4j.Enumerator;
import org.apache.calcite.linq4j.Linq4j;

/**
 * Runs a {@link MeridianScan} in the session's transaction: resolves the key ranges with the
 * statement's parameters, then reads them in order, lazily, each range tablet by tablet (the range
 * layer says which tablets cover it, so reads keep working when tablets split). A single primary key is read with
 * {@code get} (a lock on that key); a range with {@code scan}, which locks exactly that range
 * shared, so no other transaction can insert into it before this one ends (no phantoms). An
 * index range locks the index entries' range the same way; each row it leads to is then read
 * by key, unless the index covers the query.
 */
public final class ScanExecutor {
    private final MeridianTable table;
    private final AccessPath path;
    private final int[] fields;

    ScanExecutor(MeridianTable table, AccessPath path, int[] fields) {
        this.table = table;
        this.path = path;
        this.fields = fields;
    }

    /** Called by the generated code of a plan, once per execution. */
    public Enumerable<Object> enumerable(DataContext context) {
        return new AbstractEnumerable<>() {
            @Override
            public Enumerator<Object> enumerator() {
                List<KeyRanges.KeySpan> spans = KeyRanges.of(table.definition(), path, context);
                Iterator<Object> rows = new Rows(spans.iterator(), access(context));
                return Linq4j.iterableEnumerator(() -> rows);
            }
        };
    }

    /** The rows of the spans, one span (and within it one tablet's piece) at a time. */
    private final class Rows implements Iterator<Object> {
        private final Iterator<KeyRanges.KeySpan> spans;
        private final TableAccess access;
        private Iterator<KeyRange> pieces = Collections.emptyIterator();
        private Iterator<Map.Entry<byte[], byte[]>> entries = Collections.emptyIterator();
        /** The next row; a one-column row is its bare value, which may be null, hence the flag. */
        private Object next;
        private boolean ready;

        Rows(Iterator<KeyRanges.KeySpan> spans, TableAccess access) {
            this.spans = spans;
            this.access = access;
        }

        @Override
        public boolean hasNext() {
            try {
                while (!ready) {
                    if (entries.hasNext()) {
                        next = row(access, entries.next());
                        ready = true;
                    } else if (pieces.hasNext()) {
                        KeyRange piece = pieces.next();
                        entries = access.transaction().scan(piece.startKey(), piece.endKey());
                    } else if (spans.hasNext()) {
                        KeyRanges.KeySpan span = spans.next();
                        if (span.point()) {
                            entries = lookup(access, span.startKey());
                        } else {
                            pieces = access.transaction().tabletRangesCovering(span.startKey(), span.endKey()).iterator();
                        }
                    } else {
                        return false;
                    }
                }
                return true;
            } catch (TxnAbortedException | TxnUnavailableException e) {
                throw new TxnScanException(e);
            }
        }

        @Override
        public Object next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            Object out = next;
            next = null;
            ready = false;
            return out;
        }
    }

    /** The session running this execution: the context's (a plan may be shared by sessions), else the table's. */
    private TableAccess access(DataContext context) {
        return context.get(TableAccess.CONTEXT_NAME) instanceof TableAccess running ? running : table.access();
    }

    /** One primary key, read with a lock on that key alone. */
    private static Iterator<Map.Entry<byte[], byte[]>> lookup(TableAccess access, byte[] key)
            throws TxnAbortedException, TxnUnavailableException {
        Optional<byte[]> value = access.transaction().get(key);
        return value.isEmpty() ? Collections.emptyIterator() : List.of(Map.entry(key, value.get())).iterator();
    }

    /** The output row of a table row, or of an index entry. */
    private Object row(TableAccess access, Map.Entry<byte[], byte[]> entry) throws TxnAbortedException, TxnUnavailableException {
        TableDef def = table.definition();
        byte[] rowKey;
        Object[] values;
        if (path.kind() != AccessPath.Kind.INDEX) {
            rowKey = entry.getKey();
            values = RowCodec.decode(def, entry.getValue());
        } else {
            values = new Object[def.columns().size()];
            rowKey = decodeEntry(def, path.index(), entry.getKey(), values);
            if (!path.covering()) {
                Optional<byte[]> stored = access.transaction().get(rowKey);
                if (stored.isEmpty()) {
                    throw new IllegalStateException("index " + path.index().name() + " of table " + def.name()
                            + " has an entry for a missing row");
                }
                values = RowCodec.decode(def, stored.get());
            }
        }
        return project(rowKey, values);
    }

    private Object project(byte[] rowKey, Object[] values) {
        boolean keyed = table.keyed();
        Object[] out = new Object[fields.length];
        for (int i = 0; i < fields.length; i++) {
            int field = fields[i];
            out[i] = keyed ? (field == 0 ? new ByteString(rowKey) : values[field - 1]) : values[field];
        }
        return out.length == 1 ? out[0] : out;
    }

    /** Fills the index columns of {@code values} from an entry and returns the row key it ends with. */
    static byte[] decodeEntry(TableDef def, IndexDef index, byte[] entry, Object[] values) {
        KeyDecoder decoder = new KeyDecoder(entry, KeyCodec.indexPrefix(def.id(), index.id()).length);
        for (int i = 0; i < index.columns().size(); i++) {
            SortOrder order = index.descending().get(i) ? SortOrder.DESCENDING : SortOrder.ASCENDING;
            ColumnDef column = def.columns().get(index.columns().get(i));
            Object raw = decoder.readValue(order);
            if (raw != null && column.type() == org.apache.calcite.sql.type.SqlTypeName.DECIMAL) {
                raw = decoder.readValue(order); // the exact digits follow the ordering double
            }
            values[index.columns().get(i)] = internal(raw, column);
        }
        return Arrays.copyOfRange(entry, decoder.position(), entry.length);
    }

    /** An index value back in Calcite's internal class for the column (as RowCodec returns it). */
    private static Object internal(Object raw, ColumnDef column) {
        if (raw == null) {
            return null;
        }
        return switch (column.type()) {
            case TINYINT -> ((Number) raw).byteValue();
            case SMALLINT -> ((Number) raw).shortValue();
            case INTEGER, DATE, TIME -> ((Number) raw).intValue();
            case BIGINT, TIMESTAMP -> ((Number) raw).longValue();
            case REAL, FLOAT -> ((Number) raw).floatValue();
            case DOUBLE -> ((Number) raw).doubleValue();
            case DECIMAL -> column.scale() >= 0 ? new BigDecimal((String) raw).setScale(column.scale())
                    : new BigDecimal((String) raw);
            case BINARY, VARBINARY -> new ByteString((byte[]) raw);
            default -> raw;
        };
    }
}
