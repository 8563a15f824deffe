package io.meridian.sqllogictest;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;

/**
 * Renders one result value as the sqllogictest format prints it. The column's declared type
 * letter decides the rendering, as in the reference harness, which reads an {@code I} column as a
 * 64-bit integer, an {@code R} column as a double and a {@code T} column as text:
 * <ul>
 *   <li>{@code I}: {@code %d}; a real is truncated toward zero, a boolean is 1 or 0;</li>
 *   <li>{@code R}: {@code %.3f} of the binary double, rounded as C's printf does;</li>
 *   <li>{@code T}: the text, with each byte outside printable ASCII replaced by {@code @};</li>
 *   <li>SQL NULL as {@code NULL}, and an empty string as {@code (empty)}.</li>
 * </ul>
 * A value that cannot be read as the declared type (say, the text "abc" in an {@code I} column)
 * is rendered as text, so the comparison fails visibly instead of hiding behind a conversion.
 */
public final class ValueRenderer {
    static final String NULL = "NULL";
    static final String EMPTY = "(empty)";
    private static final int REAL_DECIMALS = 3;
    /** SQLite prints a real as text with {@code %!.15g}: 15 significant digits. */
    private static final MathContext TEXT_REAL_DIGITS = new MathContext(15, RoundingMode.HALF_EVEN);

    private ValueRenderer() {
    }

    public static String render(Object value, char type) {
        if (value == null) {
            return NULL;
        }
        return switch (type) {
            case 'I' -> integer(value);
            case 'R' -> real(value);
            case 'T' -> text(value);
            default -> throw new IllegalArgumentException("unknown column type " + type);
        };
    }

    private static String integer(Object value) {
        if (value instanceof Boolean b) {
            return b ? "1" : "0";
        }
        if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte
                || value instanceof BigInteger) {
            return value.toString();
        }
        if (value instanceof BigDecimal d) {
            return d.toBigInteger().toString();
        }
        if (value instanceof Double || value instanceof Float) {
            double d = ((Number) value).doubleValue();
            return Double.isFinite(d) ? new BigDecimal(d).toBigInteger().toString() : text(value);
        }
        if (value instanceof String s) {
            BigDecimal parsed = parseNumber(s);
            return parsed == null ? text(s) : parsed.toBigInteger().toString();
        }
        return text(value);
    }

    private static String real(Object value) {
        if (value instanceof Boolean b) {
            return b ? "1.000" : "0.000";
        }
        if (value instanceof String s) {
            BigDecimal parsed = parseNumber(s);
            return parsed == null ? text(s) : formatReal(parsed.doubleValue());
        }
        if (value instanceof Number n) {
            return formatReal(n.doubleValue());
        }
        return text(value);
    }

    /**
     * C's {@code printf("%.3f", d)}: the exact binary value rounded half-even to three decimals,
     * with the sign kept on a negative value that rounds to zero ("-0.000").
     */
    static String formatReal(double d) {
        if (Double.isNaN(d)) {
            return "nan";
        }
        if (Double.isInfinite(d)) {
            return d > 0 ? "inf" : "-inf";
        }
        String digits = new BigDecimal(d).setScale(REAL_DECIMALS, RoundingMode.HALF_EVEN).toPlainString();
        boolean negative = d < 0 || (d == 0 && 1 / d < 0);
        return negative && !digits.startsWith("-") ? "-" + digits : digits;
    }

    private static String text(Object value) {
        if (value instanceof byte[] bytes) {
            return printable(bytes);
        }
        if (value instanceof Boolean b) {
            return b ? "1" : "0";
        }
        if (value instanceof Double || value instanceof Float) {
            return textReal(((Number) value).doubleValue());
        }
        if (value instanceof BigDecimal d) {
            return d.stripTrailingZeros().scale() <= 0 ? d.toBigInteger().toString() : textReal(d.doubleValue());
        }
        return printable(value.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** SQLite's text of a real: up to 15 significant digits, always with a decimal point or exponent. */
    static String textReal(double d) {
        if (!Double.isFinite(d)) {
            return Double.isNaN(d) ? "NaN" : d > 0 ? "Inf" : "-Inf";
        }
        if (d == 0) {
            return "0.0";
        }
        BigDecimal rounded = new BigDecimal(d).round(TEXT_REAL_DIGITS).stripTrailingZeros();
        int exponent = rounded.precision() - rounded.scale() - 1;
        if (exponent < -4 || exponent >= 15) {
            BigDecimal mantissa = rounded.movePointLeft(exponent);
            String m = mantissa.scale() <= 0 ? mantissa.toBigInteger() + ".0" : mantissa.toPlainString();
            return m + "e" + (exponent < 0 ? "-" : "+") + String.format("%02d", Math.abs(exponent));
        }
        String plain = rounded.toPlainString();
        return plain.contains(".") ? plain : plain + ".0";
    }

    private static String printable(byte[] bytes) {
        if (bytes.length == 0) {
            return EMPTY;
        }
        StringBuilder out = new StringBuilder(bytes.length);
        for (byte b : bytes) {
            out.append(b >= ' ' && b <= '~' ? (char) b : '@');
        }
        return out.toString();
    }

    private static BigDecimal parseNumber(String s) {
        try {
            return new BigDecimal(s.strip());
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
