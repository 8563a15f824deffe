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
        private final Map<List<Object>, Object[]> byKey = new LinkedHashMap<>();

        void add(Object[] row) {
            Object[] key = new Object[groupFields.size()];
            for (int i = 0; i < key.length; i++) {
                key[i] = row[groupFields.get(i)];
            }
            Object[] state = byKey.computeIfAbsent(Arrays.asList(key), k -> initial());
            for (int i = 0; i < calls.size(); i++) {
                Call call = calls.get(i);
                Object value = call.kind() == Kind.COUNT_STAR ? null : row[call.field()];
                state[i] = accumulate(call.kind(), state[i], value);
            }
        }

        /** The partial rows: group values, then the partial aggregates. */
        List<Object[]> rows() {
            List<Object[]> out = new ArrayList<>(byKey.size());
            for (Map.Entry<List<Object>, Object[]> e : byKey.entrySet()) {
                Object[] row = new Object[groupFields.size() + calls.size()];
                for (int i = 0; i < groupFields.size(); i++) {
                    row[i] = e.getKey().get(i);
                }
                for (int i = 0; i < calls.size(); i++) {
                    row[groupFields.size() + i] = result(calls.get(i).kind(), e.getValue()[i]);
                }
                out.add(row);
            }
            return out;
        }

        private Object[] initial() {
            Object[] state = new Object[calls.size()];
            for (int i = 0; i < state.length; i++) {
                Kind kind = calls.get(i).kind();
                state[i] = kind == Kind.COUNT_STAR || kind == Kind.COUNT ? (Object) 0L : null;
            }
            return state;
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Object accumulate(Kind kind, Object state, Object value) {
        switch (kind) {
            case COUNT_STAR:
                return (Long) state + 1;
            case COUNT:
                return value == null ? state : (Long) state + 1;
            case SUM:
            case SUM0:
                if (value == null) {
                    return state;
                }
                if (value instanceof BigDecimal decimal) {
                    return state == null ? decimal : ((BigDecimal) state).add(decimal);
                }
                long add = ((Number) value).longValue();
                return state == null ? add : (Long) state + add;
            case MIN:
            case MAX:
                if (value == null) {
                    return state;
                }
                if (state == null) {
                    return value;
                }
                int c = ((Comparable) value).compareTo(state);
                return (kind == Kind.MIN ? c < 0 : c > 0) ? value : state;
            default:
                throw new IllegalStateException("aggregate " + kind);
        }
    }

    /** SUM0 of no value is 0 (of the column's class: a decimal column's SUM0 is a BigDecimal). */
    private Object result(Kind kind, Object state) {
        if (kind != Kind.SUM0 || state != null) {
            return state;
        }
        return decimalSums ? BigDecimal.ZERO : (Object) 0L;
    }
}
