package io.meridian.sql.plan;

import com.google.common.collect.BoundType;
import com.google.common.collect.ImmutableRangeSet;
import com.google.common.collect.Range;
import com.google.common.collect.RangeSet;
import com.google.common.collect.TreeRangeSet;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.calcite.DataContext;
import org.apache.calcite.sql.SqlKind;

/**
 * What a filter says about one key column, kept symbolic so a prepared plan is reused: values
 * are literals or {@code ?} parameters, resolved when the statement runs. Evaluating gives the
 * set of values the column may take; every row the filter accepts has its value in that set (a
 * superset is fine: the filter above the scan still runs).
 */
sealed interface ValueCondition {
    /** The allowed values; parameters come from {@code context} (null at plan time: constants only). */
    RangeSet<Comparable<?>> evaluate(ColumnDomain domain, DataContext context);

    /** Whether the condition uses no parameter, so it can be evaluated while planning. */
    boolean constant();

    /** Whether the condition can only ever allow single values (equality, IN lists). */
    boolean pointsOnly();

    /** Readable text, e.g. {@code =?0} or {@code (>=5 AND <?1)}. */
    String describe();

    /** A literal (its value in the column's domain, null for SQL NULL) or parameter number {@code param}. */
    record Operand(Comparable<?> constant, int param) {
        static Operand literal(Comparable<?> value) {
            return new Operand(value, -1);
        }

        static Operand parameter(int index) {
            return new Operand(null, index);
        }

        boolean isParameter() {
            return param >= 0;
        }

        @Override
        public String toString() {
            return isParameter() ? "?" + param : constant == null ? "NULL" : constant instanceof String s ? "'" + s + "'"
                    : constant.toString();
        }
    }

    /** {@code column <kind> operand}, kind one of =, <, <=, >, >=. */
    record Compare(SqlKind kind, Operand operand) implements ValueCondition {
        @Override
        public RangeSet<Comparable<?>> evaluate(ColumnDomain domain, DataContext context) {
            Comparable<?> value;
            if (operand.isParameter()) {
                if (context == null) {
                    throw new IllegalStateException("parameter ?" + operand.param() + " evaluated while planning");
                }
                Object raw = Parameters.value(context, operand.param());
                if (raw == null) {
                    return ImmutableRangeSet.of();
                }
                value = domain.valueOf(raw);
                if (value == null) {
                    return ImmutableRangeSet.of(Range.all());
                }
            } else {
                value = operand.constant();
                if (value == null) {
                    return ImmutableRangeSet.of();
                }
            }
            return kind == SqlKind.EQUALS ? equal(domain, value) : ImmutableRangeSet.copyOf(range(domain, value));
        }

        /** The EQUALS case of {@link #range} built directly: a point lookup evaluates it on every execution. */
        @SuppressWarnings({"rawtypes", "unchecked"})
        private static RangeSet<Comparable<?>> equal(ColumnDomain domain, Comparable value) {
            Comparable low = domain.lowest(value, true);
            Comparable high = domain.highest(value, true);
            if (low == null || high == null || low.compareTo(high) > 0) {
                return ImmutableRangeSet.of();
            }
            return ImmutableRangeSet.of((Range) Range.closed(low, high));
        }

        /** The values satisfying the comparison; for integer columns with closed integral bounds. */
        @SuppressWarnings({"rawtypes", "unchecked"})
        private RangeSet<Comparable<?>> range(ColumnDomain domain, Comparable value) {
            TreeRangeSet<Comparable<?>> out = TreeRangeSet.create();
            Comparable low = null;
            Comparable high = null;
            switch (kind) {
                case EQUALS -> {
                    low = domain.lowest(value, true);
                    high = domain.highest(value, true);
                    if (low == null || high == null || low.compareTo(high) > 0) {
                        return out;
                    }
                    out.add((Range) Range.closed(low, high));
                    return out;
                }
                case LESS_THAN, LESS_THAN_OR_EQUAL -> {
                    if (!domain.orderSafe(value)) {
                        out.add(Range.all());
                        return out;
                    }
                    high = domain.highest(value, kind == SqlKind.LESS_THAN_OR_EQUAL);
                    if (high != null) {
                        BoundType type = domain == ColumnDomain.INTEGRAL || kind == SqlKind.LESS_THAN_OR_EQUAL
                                ? BoundType.CLOSED : BoundType.OPEN;
                        out.add((Range) Range.upTo(high, type));
                    }
                    return out;
                }
                case GREATER_THAN, GREATER_THAN_OR_EQUAL -> {
                    if (!domain.orderSafe(value)) {
                        out.add(Range.all());
                        return out;
                    }
                    low = domain.lowest(value, kind == SqlKind.GREATER_THAN_OR_EQUAL);
                    if (low != null) {
                        BoundType type = domain == ColumnDomain.INTEGRAL || kind == SqlKind.GREATER_THAN_OR_EQUAL
                                ? BoundType.CLOSED : BoundType.OPEN;
                        out.add((Range) Range.downTo(low, type));
                    }
                    return out;
                }
                default -> throw new IllegalStateException("not a key comparison: " + kind);
            }
        }

        @Override
        public boolean constant() {
            return !operand.isParameter();
        }

        @Override
        public boolean pointsOnly() {
            return kind == SqlKind.EQUALS;
        }

        @Override
        public String describe() {
            return kind.sql + operand;
        }
    }

    /** All of the conditions hold (AND). */
    record AllOf(List<ValueCondition> parts) implements ValueCondition {
        @Override
        public RangeSet<Comparable<?>> evaluate(ColumnDomain domain, DataContext context) {
            TreeRangeSet<Comparable<?>> out = TreeRangeSet.create();
            out.add(Range.all());
            for (ValueCondition part : parts) {
                out.removeAll(part.evaluate(domain, context).complement());
            }
            return out;
        }

        @Override
        public boolean constant() {
            return parts.stream().allMatch(ValueCondition::constant);
        }

        @Override
        public boolean pointsOnly() {
            return parts.stream().anyMatch(ValueCondition::pointsOnly);
        }

        @Override
        public String describe() {
            return parts.stream().map(ValueCondition::describe).collect(Collectors.joining(" AND ", "(", ")"));
        }
    }

    /** One of the conditions holds (OR, IN lists). */
    record AnyOf(List<ValueCondition> parts) implements ValueCondition {
        @Override
        public RangeSet<Comparable<?>> evaluate(ColumnDomain domain, DataContext context) {
            TreeRangeSet<Comparable<?>> out = TreeRangeSet.create();
            for (ValueCondition part : parts) {
                out.addAll(part.evaluate(domain, context));
            }
            return out;
        }

        @Override
        public boolean constant() {
            return parts.stream().allMatch(ValueCondition::constant);
        }

        @Override
        public boolean pointsOnly() {
            return parts.stream().allMatch(ValueCondition::pointsOnly);
        }

        @Override
        public String describe() {
            return parts.stream().map(ValueCondition::describe).collect(Collectors.joining(" OR ", "(", ")"));
        }
    }
}
