package io.meridian.sql.plan;

import com.google.common.collect.BoundType;
import com.google.common.collect.Range;
import com.google.common.collect.RangeSet;
import io.meridian.sql.catalog.TableDef;
import java.util.ArrayList;
import java.util.List;

/**
 * An access path's key ranges as EXPLAIN shows them, with values instead of key bytes:
 * {@code /T/ID=5}, {@code /T/ID=1, /T/ID=2}, {@code /T/A=1/B=[10..20)}, {@code /T/IDX_B/B=?0}
 * (a parameter, resolved per execution), {@code /T} (the whole table).
 */
final class RangeDescriber {
    /** Shown at most; the rest are counted. */
    static final int SPANS_SHOWN_MAX = 8;

    private RangeDescriber() {
    }

    static String describe(TableDef table, AccessPath path) {
        String base = "/" + table.name() + (path.kind() == AccessPath.Kind.INDEX ? "/" + path.index().name() : "");
        if (path.kind() == AccessPath.Kind.FULL) {
            return base;
        }
        boolean constant = path.conditions().stream().allMatch(ValueCondition::constant);
        List<String> prefixes = List.of(base);
        for (int i = 0; i < path.keyColumns().size(); i++) {
            String column = table.columns().get(path.keyColumns().get(i)).name();
            ValueCondition condition = path.conditions().get(i);
            if (!constant) {
                String text = condition instanceof ValueCondition.Compare ? condition.describe() : " " + condition.describe();
                prefixes = extend(prefixes, List.of("/" + column + text));
                continue;
            }
            RangeSet<Comparable<?>> values = condition.evaluate(path.domains().get(i), null);
            if (values.isEmpty()) {
                return base + " (empty)";
            }
            List<String> parts = new ArrayList<>();
            for (Range<Comparable<?>> range : values.asRanges()) {
                parts.add("/" + column + text(range));
            }
            prefixes = extend(prefixes, parts);
        }
        if (prefixes.size() <= SPANS_SHOWN_MAX) {
            return String.join(", ", prefixes);
        }
        return String.join(", ", prefixes.subList(0, SPANS_SHOWN_MAX)) + ", ... (" + prefixes.size() + " ranges)";
    }

    private static List<String> extend(List<String> prefixes, List<String> parts) {
        List<String> out = new ArrayList<>(prefixes.size() * parts.size());
        for (String prefix : prefixes) {
            for (String part : parts) {
                out.add(prefix + part);
            }
        }
        return out;
    }

    @SuppressWarnings({"rawtypes", "unchecked"})
    private static String text(Range<Comparable<?>> range) {
        if (range.hasLowerBound() && range.hasUpperBound() && ((Comparable) range.lowerEndpoint()).compareTo(range.upperEndpoint()) == 0) {
            return "=" + value(range.lowerEndpoint());
        }
        String low = range.hasLowerBound() ? (range.lowerBoundType() == BoundType.CLOSED ? "[" : "(") + value(range.lowerEndpoint())
                : "(-inf";
        String high = range.hasUpperBound() ? value(range.upperEndpoint()) + (range.upperBoundType() == BoundType.CLOSED ? "]" : ")")
                : "+inf)";
        return "=" + low + ".." + high;
    }

    private static String value(Comparable<?> value) {
        return value instanceof String s ? "'" + s + "'" : value.toString();
    }
}
