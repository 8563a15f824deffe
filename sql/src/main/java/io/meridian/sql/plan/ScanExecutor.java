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
import io.meridian.storage.RocksStorage;
import java.math.BigDecimal;
import java.util.ArrayList;
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
    /** Rows a limited scan over a filter reads at most per call, once doubling from the limit got there. */
    static final int FILTERED_BATCH_ROWS_MAX = 1_024;

    private final MeridianTable table;
    private final AccessPath path;
    private final int[] fields;
    private final ScanFilter filter;
    private final ScanLimit limit;
    private final PartialAggregate aggregate;
    /** Spans, their tablet pieces and the rows in each, all from the end down. */
    private final boolean reverse;

    ScanExecutor(MeridianTable table, AccessPath path, int[] fields, ScanFilter filter, ScanLimit limit,
            PartialAggregate aggregate, boolean reverse) {
        this.reverse = reverse;
        this.table = table;
        this.path = path;
        this.fields = fields;
        this.filter = filter;
        this.limit = limit;
        this.aggregate = aggregate;
    }

    /** Called by the generated code of a plan, once per execution. */
    public Enumerable<Object> enumerable(DataContext context) {
        return new AbstractEnumerable<>() {
            @Override
            public Enumerator<Object> enumerator() {
                List<KeyRanges.KeySpan> spans = KeyRanges.of(table.definition(), path, context);
                if (reverse) {
                    spans = new ArrayList<>(spans);
                    Collections.reverse(spans);
                }
                ScanFilter.Evaluator test = filter == null ? null : filter.evaluator(context);
                TableAccess access = access(context);
                Iterator<Object[]> rows = aggregate != null ? new PartialRows(spans.iterator(), test, access)
                        : new Rows(spans.iterator(), test, limit == null ? Long.MAX_VALUE : limit.rowsMax(context), access);
                Iterator<Object> out = new Iterator<>() {
                    @Override
                    public boolean hasNext() {
                        return rows.hasNext();
                    }

                    @Override
                    public Object next() {
                        Object[] row = rows.next();
                        return row.length == 1 ? row[0] : row; // Calcite's one-column rows are bare values
                    }
                };
                return Linq4j.iterableEnumerator(() -> out);
            }
        };
    }

    /** The rows of the spans that pass the filter, one span (and within it one tablet's piece) at a time. */
    private final class Rows implements Iterator<Object[]> {
        private final Iterator<KeyRanges.KeySpan> spans;
        private final ScanFilter.Evaluator test;
        private final long rowsMax;
        private final TableAccess access;
        private long returned;
        private Iterator<KeyRange> pieces = Collections.emptyIterator();
        private Iterator<Map.Entry<byte[], byte[]>> entries = Collections.emptyIterator();
        private Object[] next;

        Rows(Iterator<KeyRanges.KeySpan> spans, ScanFilter.Evaluator test, long rowsMax, TableAccess access) {
            this.spans = spans;
            this.test = test;
            this.rowsMax = rowsMax;
            this.access = access;
        }

        @Override
        public boolean hasNext() {
            try {
                while (next == null) {
                    if (returned >= rowsMax) {
                        return false; // before reading on: a limited scan reads (and locks) no row past its last
                    }
                    if (entries.hasNext()) {
                        Object[] row = project(access, entries.next());
                        next = test == null || test.accepts(row) ? row : null;
                    } else if (pieces.hasNext()) {
                        KeyRange piece = pieces.next();
                        entries = rowsMax != Long.MAX_VALUE ? new LimitedPiece(access, piece, rowsMax - returned, reverse)
                                : reverse ? access.transaction().scanReverse(piece.startKey(), piece.endKey())
                                : access.transaction().scan(piece.startKey(), piece.endKey());
                    } else if (spans.hasNext()) {
                        KeyRanges.KeySpan span = spans.next();
                        if (span.point()) {
                            entries = lookup(access, span.startKey());
                        } else {
                            List<KeyRange> covering = access.transaction().tabletRangesCovering(span.startKey(), span.endKey());
                            if (reverse) {
                                covering = new ArrayList<>(covering);
                                Collections.reverse(covering);
                            }
                            pieces = covering.iterator();
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
        public Object[] next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            Object[] out = next;
            next = null;
            returned++;
            return out;
        }
    }

    /**
     * One tablet piece read by a limited scan: batches that lock only up to the last row they
     * read (down to it, reading in reverse). The first batch is the rows still wanted; behind a
     * filter that rejects rows the following batches double, up to {@link #FILTERED_BATCH_ROWS_MAX}.
     */
    private static final class LimitedPiece implements Iterator<Map.Entry<byte[], byte[]>> {
        private final TableAccess access;
        private final boolean reverse;
        /** The unread part of the piece: [startKey, endKey); a batch moves one bound past its last row. */
        private byte[] startKey;
        private byte[] endKey;
        private long batchRows;
        private long batchRead;
        private byte[] lastKey;
        private Iterator<Map.Entry<byte[], byte[]>> batch;

        LimitedPiece(TableAccess access, KeyRange piece, long wanted, boolean reverse) throws TxnAbortedException {
            this.access = access;
            this.reverse = reverse;
            this.startKey = piece.startKey();
            this.endKey = piece.endKey();
            this.batchRows = Math.max(1, wanted);
            this.batch = read();
        }

        private Iterator<Map.Entry<byte[], byte[]>> read() throws TxnAbortedException {
            return reverse ? access.transaction().scanReverse(startKey, endKey, batchRows)
                    : access.transaction().scan(startKey, endKey, batchRows);
        }

        @Override
        public boolean hasNext() {
            if (batch.hasNext()) {
                return true;
            }
            if (batchRead < batchRows) {
                return false; // the last batch ended before its size: the piece is read to its end
            }
            try {
                if (reverse) {
                    endKey = lastKey;
                } else {
                    startKey = RocksStorage.successor(lastKey);
                }
                batchRows = Math.min(FILTERED_BATCH_ROWS_MAX, batchRows * 2);
                batchRead = 0;
                batch = read();
            } catch (TxnAbortedException e) {
                throw new TxnScanException(e);
            }
            return batch.hasNext();
        }

        @Override
        public Map.Entry<byte[], byte[]> next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            Map.Entry<byte[], byte[]> entry = batch.next();
            batchRead++;
            lastKey = entry.getKey();
            return entry;
        }
    }

    /**
     * The partial aggregate rows of the spans: each tablet piece of a range is folded at its tablet
     * (only its groups come back); single keys are read here and folded together.
     */
    private final class PartialRows implements Iterator<Object[]> {
        private static final Object[] NO_FIELDS = new Object[0];

        private final Iterator<KeyRanges.KeySpan> spans;
        private final ScanFilter.Evaluator test;
        private final TableAccess access;
        private final PartialAggregate.Groups points = aggregate.newGroups();
        private Iterator<Object[]> out = Collections.emptyIterator();
        private boolean pointsDone;

        PartialRows(Iterator<KeyRanges.KeySpan> spans, ScanFilter.Evaluator test, TableAccess access) {
            this.spans = spans;
            this.test = test;
            this.access = access;
        }

        @Override
        public boolean hasNext() {
            try {
                while (!out.hasNext()) {
                    if (spans.hasNext()) {
                        out = partials(spans.next());
                    } else if (!pointsDone) {
                        pointsDone = true;
                        out = points.rows().iterator();
                    } else {
                        return false;
                    }
                }
                return true;
            } catch (TxnAbortedException | TxnUnavailableException e) {
                throw new TxnScanException(e);
            }
        }

        private Iterator<Object[]> partials(KeyRanges.KeySpan span) throws TxnAbortedException, TxnUnavailableException {
            if (span.point()) {
                Iterator<Map.Entry<byte[], byte[]>> found = lookup(access, span.startKey());
                while (found.hasNext()) {
                    add(points, project(access, found.next()));
                }
                return Collections.emptyIterator();
            }
            List<Object[]> rows = new ArrayList<>();
            for (KeyRange piece : access.transaction().tabletRangesCovering(span.startKey(), span.endKey())) {
                PartialAggregate.Groups groups = aggregate.newGroups();
                if (test == null && aggregate.readsNoField()) {
                    access.transaction().fold(piece.startKey(), piece.endKey(), (key, value) -> groups.add(NO_FIELDS));
                } else {
                    access.transaction().fold(piece.startKey(), piece.endKey(), (key, value) -> add(groups, decode(key, value)));
                }
                rows.addAll(groups.rows());
            }
            return rows.iterator();
        }

        private void add(PartialAggregate.Groups groups, Object[] row) {
            if (test == null || test.accepts(row)) {
                groups.add(row);
            }
        }

        @Override
        public Object[] next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            return out.next();
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

    /** The returned fields of a table row, or of an index entry (looking its row up unless the index covers). */
    private Object[] project(TableAccess access, Map.Entry<byte[], byte[]> entry)
            throws TxnAbortedException, TxnUnavailableException {
        if (path.kind() != AccessPath.Kind.INDEX || path.covering()) {
            return decode(entry.getKey(), entry.getValue());
        }
        TableDef def = table.definition();
        byte[] rowKey = decodeEntry(def, path.index(), entry.getKey(), new Object[def.columns().size()]);
        Optional<byte[]> stored = access.transaction().get(rowKey);
        if (stored.isEmpty()) {
            throw new IllegalStateException("index " + path.index().name() + " of table " + def.name()
                    + " has an entry for a missing row");
        }
        return fieldsOf(rowKey, RowCodec.decode(def, stored.get()));
    }

    /** The returned fields of a stored row, or of a covering index entry: no further reads. */
    private Object[] decode(byte[] key, byte[] value) {
        TableDef def = table.definition();
        if (path.kind() != AccessPath.Kind.INDEX) {
            return fieldsOf(key, RowCodec.decode(def, value));
        }
        Object[] values = new Object[def.columns().size()];
        byte[] rowKey = decodeEntry(def, path.index(), key, values);
        if (!def.hasHiddenRowId()) {
            Object[] primary = KeyCodec.primaryKeyValues(def, rowKey); // the columns an index entry ends with
            for (int i = 0; i < primary.length; i++) {
                int column = def.primaryKey().get(i);
                values[column] = internal(primary[i], def.columns().get(column));
            }
        }
        return fieldsOf(rowKey, values);
    }

    private Object[] fieldsOf(byte[] rowKey, Object[] values) {
        boolean keyed = table.keyed();
        Object[] out = new Object[fields.length];
        for (int i = 0; i < fields.length; i++) {
            int field = fields[i];
            out[i] = keyed ? (field == 0 ? new ByteString(rowKey) : values[field - 1]) : values[field];
        }
        return out;
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
