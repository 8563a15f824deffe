package io.meridian.sql.plan;

import io.meridian.sql.catalog.ColumnDef;
import io.meridian.sql.codec.KeyCodec;
import io.meridian.storage.keys.KeyEncoder;
import io.meridian.storage.keys.SortOrder;
import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.math.RoundingMode;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.sql.type.SqlTypeFamily;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.util.NlsString;

/**
 * The values a key column can be constrained to, as comparable Java values, and how a bound on
 * them becomes key bytes (in the primary-key encoding of {@code KeyCodec} or the index encoding of
 * {@link KeyEncoder}). Integer columns compare exactly as BigDecimal (so {@code id < 2.5} is
 * {@code id <= 2}); DOUBLE as Double; DECIMAL as BigDecimal, keyed by its double only (a range
 * over the double bits is a superset, the filter above the scan rechecks); VARCHAR as String.
 * Other column types (CHAR with its padding rules, REAL, dates, booleans, bytes) are not
 * constrained: their predicates stay in the filter, which is always correct.
 */
enum ColumnDomain {
    INTEGRAL, FLOATING, DECIMAL, STRING;

    private static final BigDecimal LONG_MIN = BigDecimal.valueOf(Long.MIN_VALUE);
    private static final BigDecimal LONG_MAX = BigDecimal.valueOf(Long.MAX_VALUE);

    /** The domain of a column, or null when its predicates are never turned into key ranges. */
    static ColumnDomain of(ColumnDef column) {
        return switch (column.type()) {
            case TINYINT, SMALLINT, INTEGER, BIGINT -> INTEGRAL;
            case DOUBLE -> FLOATING;
            case DECIMAL -> DECIMAL;
            case VARCHAR -> STRING;
            default -> null;
        };
    }

    /**
     * Whether a comparison of the bare column with a constant of {@code type} compares the values
     * as this domain does. Mixed numeric comparisons whose rounding could differ are refused.
     */
    boolean accepts(RelDataType type) {
        SqlTypeName name = type.getSqlTypeName();
        return switch (this) {
            case INTEGRAL, DECIMAL -> SqlTypeName.INT_TYPES.contains(name) || name == SqlTypeName.DECIMAL;
            case FLOATING -> name == SqlTypeName.DOUBLE || name == SqlTypeName.FLOAT;
            case STRING -> type.getFamily() == SqlTypeFamily.CHARACTER;
        };
    }

    /**
     * A constant (a literal's value or a bound parameter) as this domain's comparable, or null
     * when it cannot be compared here (then the predicate constrains nothing).
     */
    Comparable<?> valueOf(Object value) {
        if (value == null) {
            return null;
        }
        switch (this) {
            case INTEGRAL, DECIMAL -> {
                if (value instanceof BigDecimal d) {
                    return d;
                }
                if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
                    return BigDecimal.valueOf(((Number) value).longValue());
                }
                return null;
            }
            case FLOATING -> {
                if (!(value instanceof Number n)) {
                    return null;
                }
                double d = n.doubleValue();
                return Double.isNaN(d) ? null : d == 0.0 ? 0.0 : d;
            }
            case STRING -> {
                String s = value instanceof NlsString nls ? nls.getValue() : value instanceof String str ? str : null;
                return s;
            }
            default -> throw new AssertionError(this);
        }
    }

    /**
     * For integer columns, the smallest integer a lower bound admits; for others the bound itself.
     * Null when no value of the column can satisfy it (above the long range).
     */
    Comparable<?> lowest(Comparable<?> bound, boolean inclusive) {
        if (this != INTEGRAL) {
            return bound;
        }
        BigDecimal d = (BigDecimal) bound;
        BigDecimal ceil = d.setScale(0, RoundingMode.CEILING);
        BigDecimal low = inclusive || ceil.compareTo(d) != 0 ? ceil : ceil.add(BigDecimal.ONE);
        return low.compareTo(LONG_MAX) > 0 ? null : low.max(LONG_MIN);
    }

    /** The largest integer an upper bound admits (integer columns); null when nothing fits. */
    Comparable<?> highest(Comparable<?> bound, boolean inclusive) {
        if (this != INTEGRAL) {
            return bound;
        }
        BigDecimal d = (BigDecimal) bound;
        BigDecimal floor = d.setScale(0, RoundingMode.FLOOR);
        BigDecimal high = inclusive || floor.compareTo(d) != 0 ? floor : floor.subtract(BigDecimal.ONE);
        return high.compareTo(LONG_MIN) < 0 ? null : high.min(LONG_MAX);
    }

    /**
     * Whether key order agrees with the domain's order for this bound: strings are keyed by their
     * UTF-8 bytes (code point order) while SQL compares UTF-16 units; the two agree against any
     * string without surrogates or characters above U+D7FF, so other bounds are not used.
     */
    boolean orderSafe(Comparable<?> bound) {
        if (this != STRING) {
            return true;
        }
        String s = (String) bound;
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) >= '\uD800') {
                return false;
            }
        }
        return true;
    }

    /** Whether a key built from this value identifies exactly the rows equal to it. */
    boolean exactKey() {
        return this != DECIMAL;
    }

    /**
     * The value in the primary-key encoding (see KeyCodec). A DECIMAL writes only its leading
     * double: every key of an equal decimal starts with it.
     */
    void writePrimary(ByteArrayOutputStream out, Comparable<?> value) {
        KeyCodec.appendKeyValue(out, keyValue(value));
    }

    private Object keyValue(Comparable<?> value) {
        return switch (this) {
            case INTEGRAL -> value instanceof Long l ? l : ((BigDecimal) value).longValueExact();
            case DECIMAL -> ((BigDecimal) value).doubleValue();
            case FLOATING, STRING -> value;
        };
    }

    /** The value in the index encoding, in the column's direction (see KeyCodec.indexValues). */
    void writeIndex(KeyEncoder encoder, Comparable<?> value, SortOrder order) {
        encoder.write(keyValue(value), order);
    }
}
