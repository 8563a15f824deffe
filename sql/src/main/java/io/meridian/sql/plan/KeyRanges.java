package io.meridian.sql.plan;

import com.google.common.collect.Range;
import com.google.common.collect.RangeSet;
import io.meridian.sql.catalog.TableDef;
import io.meridian.sql.codec.KeyCodec;
import io.meridian.storage.keys.KeyEncoder;
import io.meridian.storage.keys.SortOrder;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.calcite.DataContext;
import org.apache.calcite.sql.SqlKind;

/**
 * Turns an access path's conditions, with the statement's parameters, into the sorted, disjoint
 * key ranges to read: the cross product of the single values of the leading columns, then the
 * ranges of the first column that is not single-valued. Past {@link #RANGES_MAX} ranges the
 * product stops growing and the ranges get wider (still a superset of the rows wanted).
 */
final class KeyRanges {
    static final int RANGES_MAX = 1024;

    /** [startKey, endKey), or the single key {@code startKey} when {@code point}. */
    record KeySpan(byte[] startKey, byte[] endKey, boolean point) {
    }

    private KeyRanges() {
    }

    static List<KeySpan> of(TableDef table, AccessPath path, DataContext context) {
        if (path.kind() == AccessPath.Kind.FULL) {
            return List.of(new KeySpan(KeyCodec.tablePrefix(table.id()), KeyCodec.tableEnd(table.id()), false));
        }
        boolean primary = path.kind() == AccessPath.Kind.PRIMARY;
        if (primary && table.primaryKey().size() == 1 && !path.conditions().isEmpty()) {
            // A prepared point lookup on a one-column integer key, the most common statement: its
            // key in one step (what the general path below derives for it).
            Long single = integralPoint(path.conditions().get(0), path.domains().get(0), context);
            if (single != null) {
                return List.of(new KeySpan(KeyCodec.integerPrimaryKey(table.id(), single), null, true));
            }
        }
        byte[] base = primary ? KeyCodec.tablePrefix(table.id()) : KeyCodec.indexPrefix(table.id(), path.index().id());
        List<byte[]> prefixes = List.of(base);
        List<KeySpan> spans = new ArrayList<>();
        int columns = path.keyColumns().size();
        int pointed = 0;
        for (int i = 0; i < columns; i++) {
            ColumnDomain domain = path.domains().get(i);
            SortOrder order = !primary && path.index().descending().get(path.index().columns().indexOf(path.keyColumns().get(i)))
                    ? SortOrder.DESCENDING : SortOrder.ASCENDING;
            ValueCondition condition = path.conditions().get(i);
            Long single = integralPoint(condition, domain, context);
            RangeSet<Comparable<?>> values = null;
            List<Comparable<?>> points;
            if (single != null) {
                points = List.of(single);
            } else {
                values = condition.evaluate(domain, context);
                if (values.isEmpty()) {
                    return List.of();
                }
                points = points(values, domain);
            }
            if (points != null && (long) points.size() * prefixes.size() <= RANGES_MAX) {
                List<byte[]> extended = new ArrayList<>(points.size() * prefixes.size());
                for (byte[] prefix : prefixes) {
                    for (Comparable<?> point : points) {
                        extended.add(append(prefix, domain, point, primary, order));
                    }
                }
                prefixes = extended;
                pointed++;
                continue;
            }
            if (points == null && order == SortOrder.ASCENDING
                    && (long) values.asRanges().size() * prefixes.size() <= RANGES_MAX) {
                for (byte[] prefix : prefixes) {
                    for (Range<Comparable<?>> range : values.asRanges()) {
                        spans.add(span(prefix, domain, range, primary));
                    }
                }
                return normalize(spans);
            }
            break;
        }
        boolean wholeKey = primary && pointed == table.primaryKey().size();
        for (byte[] prefix : prefixes) {
            spans.add(wholeKey ? new KeySpan(prefix, null, true) : new KeySpan(prefix, KeyEncoder.prefixEnd(prefix), false));
        }
        return normalize(spans);
    }

    /**
     * The value of {@code integerColumn = ?} bound to an integer, taken as it is: the same single
     * value the general path derives through a range set of BigDecimals, which a prepared point
     * lookup would otherwise build on every execution. Null when the general path applies.
     */
    private static Long integralPoint(ValueCondition condition, ColumnDomain domain, DataContext context) {
        if (domain != ColumnDomain.INTEGRAL || context == null || !(condition instanceof ValueCondition.Compare compare)
                || compare.kind() != SqlKind.EQUALS || !compare.operand().isParameter()) {
            return null;
        }
        Object raw = Parameters.value(context, compare.operand().param());
        return raw instanceof Long || raw instanceof Integer || raw instanceof Short || raw instanceof Byte
                ? ((Number) raw).longValue() : null;
    }

    /** The single values of a set of closed one-value ranges, or null if some range is wider. */
    private static List<Comparable<?>> points(RangeSet<Comparable<?>> values, ColumnDomain domain) {
        if (!domain.exactKey()) {
            return null;
        }
        List<Comparable<?>> out = new ArrayList<>();
        for (Range<Comparable<?>> range : values.asRanges()) {
            if (!range.hasLowerBound() || !range.hasUpperBound() || !isSingleton(range)) {
                return null;
            }
            out.add(range.lowerEndpoint());
        }
        return out;
    }

    @SuppressWarnings({"rawtypes", "unchecked"})
    private static boolean isSingleton(Range<Comparable<?>> range) {
        Comparable low = range.lowerEndpoint();
        return low.compareTo(range.upperEndpoint()) == 0 && range.contains(low);
    }

    private static byte[] append(byte[] prefix, ColumnDomain domain, Comparable<?> value, boolean primary, SortOrder order) {
        if (primary && value instanceof Long l) {
            return KeyCodec.withKeyValue(prefix, l);
        }
        if (primary) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.writeBytes(prefix);
            domain.writePrimary(out, value);
            return out.toByteArray();
        }
        KeyEncoder encoder = new KeyEncoder();
        domain.writeIndex(encoder, value, order);
        byte[] encoded = encoder.toBytes();
        byte[] out = Arrays.copyOf(prefix, prefix.length + encoded.length);
        System.arraycopy(encoded, 0, out, prefix.length, encoded.length);
        return out;
    }

    /** The keys under {@code prefix} whose next (ascending) column lies in {@code range}. */
    private static KeySpan span(byte[] prefix, ColumnDomain domain, Range<Comparable<?>> range, boolean primary) {
        byte[] start = prefix;
        byte[] end = KeyEncoder.prefixEnd(prefix);
        if (range.hasLowerBound() && domain.orderSafe(range.lowerEndpoint())) {
            byte[] low = append(prefix, domain, range.lowerEndpoint(), primary, SortOrder.ASCENDING);
            boolean closed = range.lowerBoundType() == com.google.common.collect.BoundType.CLOSED || !domain.exactKey();
            start = closed ? low : KeyEncoder.prefixEnd(low);
        }
        if (range.hasUpperBound() && domain.orderSafe(range.upperEndpoint())) {
            byte[] high = append(prefix, domain, range.upperEndpoint(), primary, SortOrder.ASCENDING);
            boolean closed = range.upperBoundType() == com.google.common.collect.BoundType.CLOSED || !domain.exactKey();
            end = closed ? KeyEncoder.prefixEnd(high) : high;
        }
        return new KeySpan(start, end, false);
    }

    /** Sorted by start key, overlapping spans merged, empty spans dropped. */
    private static List<KeySpan> normalize(List<KeySpan> spans) {
        if (spans.size() == 1 && spans.get(0).point()) {
            return List.of(spans.get(0)); // a point lookup: nothing to sort, merge or drop
        }
        List<KeySpan> sorted = new ArrayList<>(spans);
        sorted.removeIf(s -> !s.point() && Arrays.compareUnsigned(s.startKey(), s.endKey()) >= 0);
        sorted.sort((a, b) -> Arrays.compareUnsigned(a.startKey(), b.startKey()));
        List<KeySpan> out = new ArrayList<>(sorted.size());
        for (KeySpan span : sorted) {
            KeySpan last = out.isEmpty() ? null : out.get(out.size() - 1);
            if (last != null && !last.point() && !span.point() && Arrays.compareUnsigned(span.startKey(), last.endKey()) <= 0) {
                byte[] end = Arrays.compareUnsigned(span.endKey(), last.endKey()) > 0 ? span.endKey() : last.endKey();
                out.set(out.size() - 1, new KeySpan(last.startKey(), end, false));
            } else {
                out.add(span);
            }
        }
        return out;
    }
}
