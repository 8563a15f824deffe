package io.meridian.sql.plan;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * Aggregates a scan computes for each tablet piece it reads, grouped by {@code groupFields}; a
 * final Aggregate at the gateway combines the pieces' rows (COUNT by SUM0, SUM by SUM, MIN by MIN,
 * MAX by MAX). Fields are positions in the scan's row before aggregation. Each partial row is the
 * group's values, then one value per call. Exact by construction: SUM only over integers (64-bit,
 * wrapping as the gateway's SUM does) and decimals, MIN and MAX only over types whose Java order
 * is SQL's; floating point stays at the gateway, where its summation order is the row order.
 */
record PartialAggregate(List<Integer> groupFields, List<Call> calls, RelDataType rowType, boolean decimalSums) {
    /** SUM0 is SUM that gives 0 instead of NULL (Calcite writes AVG as SUM0 / COUNT). */
    enum Kind { COUNT_STAR, COUNT, SUM, SUM0, MIN, MAX }

    record Call(Kind kind, int field) {
        String describe(List<String> names) {
            return kind == Kind.COUNT_STAR ? "COUNT(*)" : kind + "(" + names.get(field) + ")";
        }
    }

    PartialAggregate {
        groupFields = List.copyOf(groupFields);
        calls = List.copyOf(calls);
    }

    /** Whether the aggregate reads no field at all (COUNT(*) without GROUP BY): rows need no decoding. */
    boolean readsNoField() {
        return groupFields.isEmpty() && calls.stream().allMatch(c -> c.kind() == Kind.COUNT_STAR);
    }

    /** Whether SUM of a column of this type can be computed per piece exactly. */
    static boolean sumExact(SqlTypeName type) {
        return switch (type) {
            case TINYINT, SMALLINT, INTEGER, BIGINT, DECIMAL -> true;
            default -> false;
        };
    }

    /** Whether MIN and MAX of this type can be computed per piece exactly (compareTo is SQL's order). */
    static boolean orderExact(SqlTypeName type) {
        return switch (type) {
            case TINYINT, SMALLINT, INTEGER, BIGINT, DECIMAL, CHAR, VARCHAR, BOOLEAN, DATE, TIME, TIMESTAMP -> true;
            default -> false;
        };
    }

    String describe(List<String> names) {
        List<String> parts = new ArrayList<>();
        for (Call call : calls) {
            parts.add(call.describe(names));
        }
        if (groupFields.isEmpty()) {
            return String.join(", ", parts);
        }
        List<String> groups = new ArrayList<>();
        for (int field : groupFields) {
            groups.add(names.get(field));
        }
        return String.join(", ", parts) + " GROUP BY " + String.join(", ", groups);
    }

    /** The groups of one piece, in first-seen order. */
    Groups newGroups() {
        return new Groups();
    }

    /** Accumulates rows of one tablet piece; not thread-safe. */
    final class Groups {
        private final Map<List<Object>, State> byKey = new LinkedHashMap<>();
        /** The one group when there is no GROUP BY (no hashing per row). */
        private State single;

        void add(Object[] row) {
            State state;
            if (groupFields.isEmpty()) {
                if (single == null) {
                    single = new State();
                    byKey.put(List.of(), single);
                }
                state = single;
            } else {
                Object[] key = new Object[groupFields.size()];
                for (int i = 0; i < key.length; i++) {
                    key[i] = row[groupFields.get(i)];
                }
                state = byKey.computeIfAbsent(Arrays.asList(key), k -> new State());
            }
            for (int i = 0; i < calls.size(); i++) {
                Call call = calls.get(i);
                state.accumulate(i, call.kind(), call.kind() == Kind.COUNT_STAR ? null : row[call.field()]);
            }
        }

        /** The partial rows: group values, then the partial aggregates. */
        List<Object[]> rows() {
            List<Object[]> out = new ArrayList<>(byKey.size());
            for (Map.Entry<List<Object>, State> e : byKey.entrySet()) {
                Object[] row = new Object[groupFields.size() + calls.size()];
                for (int i = 0; i < groupFields.size(); i++) {
                    row[i] = e.getKey().get(i);
                }
                for (int i = 0; i < calls.size(); i++) {
                    row[groupFields.size() + i] = e.getValue().result(i, calls.get(i).kind());
                }
                out.add(row);
            }
            return out;
        }
    }

    /**
     * One group's running aggregates: counts and integer sums as primitive longs (a sum wraps as
     * the gateway's 64-bit SUM does), decimal sums, minima and maxima as values.
     */
    private final class State {
        private final long[] longs = new long[calls.size()];
        private final boolean[] seen = new boolean[calls.size()];
        private final Object[] values = new Object[calls.size()];

        @SuppressWarnings({"unchecked", "rawtypes"})
        void accumulate(int i, Kind kind, Object value) {
            if (kind == Kind.COUNT_STAR) {
                longs[i]++;
                return;
            }
            if (value == null) {
                return;
            }
            switch (kind) {
                case COUNT -> longs[i]++;
                case SUM, SUM0 -> {
                    if (value instanceof BigDecimal decimal) {
                        values[i] = values[i] == null ? decimal : ((BigDecimal) values[i]).add(decimal);
                    } else {
                        longs[i] += ((Number) value).longValue();
                    }
                    seen[i] = true;
                }
                case MIN, MAX -> {
                    if (values[i] == null) {
                        values[i] = value;
                    } else {
                        int c = ((Comparable) value).compareTo(values[i]);
                        if (kind == Kind.MIN ? c < 0 : c > 0) {
                            values[i] = value;
                        }
                    }
                }
                default -> throw new IllegalStateException("aggregate " + kind);
            }
        }

        Object result(int i, Kind kind) {
            return switch (kind) {
                case COUNT_STAR, COUNT -> longs[i];
                case SUM, SUM0 -> {
                    if (!seen[i]) {
                        yield kind == Kind.SUM ? null : decimalSums ? BigDecimal.ZERO : (Object) 0L;
                    }
                    yield values[i] != null ? values[i] : (Object) longs[i];
                }
                case MIN, MAX -> values[i];
            };
        }
    }
}
