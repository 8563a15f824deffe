package io.meridian.storage.keys;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;

/**
 * Builds a key whose unsigned byte order is the order of the SQL values in it, column by column:
 *
 * <pre>{@code
 * byte[] key = new KeyEncoder().tableIndex(tableId, indexId)
 *         .writeLong(customerId).writeString(name, SortOrder.DESCENDING).writeNull()
 *         .toBytes();
 * }</pre>
 *
 * <p>Every value is a tag byte (see {@link KeyTags}) and a payload that is either of a length the
 * tag fixes or terminated, so no encoded value is a prefix of another and a composite key compares
 * column by column. Orders: NULL before every value; false before true; integers numerically;
 * doubles numerically with -0.0 written as 0.0 and NaN after +Infinity; strings by Unicode code
 * point (their UTF-8 bytes, which is not {@link String#compareTo} for characters above U+FFFF);
 * byte strings lexicographically unsigned; dates and instants chronologically. A descending column
 * inverts every bit of its value.
 *
 * <p>Not thread-safe: one encoder builds one key at a time; {@link #reset()} reuses it.
 */
public final class KeyEncoder {
    private static final int INITIAL_BYTES = 32;

    private byte[] buffer = new byte[INITIAL_BYTES];
    private int length;

    /** Starts over, keeping the buffer. */
    public KeyEncoder reset() {
        length = 0;
        return this;
    }

    /** The table and index ids every row and index key starts with; both must be non-negative. */
    public KeyEncoder tableIndex(long tableId, long indexId) {
        if (tableId < 0 || indexId < 0) {
            throw new IllegalArgumentException("negative table or index id: " + tableId + "/" + indexId);
        }
        return writeLong(tableId).writeLong(indexId);
    }

    public KeyEncoder writeNull() {
        return writeNull(SortOrder.ASCENDING);
    }

    public KeyEncoder writeNull(SortOrder order) {
        int start = length;
        put(KeyTags.NULL);
        return finish(start, order);
    }

    public KeyEncoder writeBoolean(boolean value) {
        return writeBoolean(value, SortOrder.ASCENDING);
    }

    public KeyEncoder writeBoolean(boolean value, SortOrder order) {
        int start = length;
        put(value ? KeyTags.TRUE : KeyTags.FALSE);
        return finish(start, order);
    }

    public KeyEncoder writeLong(long value) {
        return writeLong(value, SortOrder.ASCENDING);
    }

    public KeyEncoder writeLong(long value, SortOrder order) {
        int start = length;
        putLong(value);
        return finish(start, order);
    }

    public KeyEncoder writeDouble(double value) {
        return writeDouble(value, SortOrder.ASCENDING);
    }

    public KeyEncoder writeDouble(double value, SortOrder order) {
        int start = length;
        put(KeyTags.DOUBLE);
        putFixedLong(sortableDoubleBits(value));
        return finish(start, order);
    }

    public KeyEncoder writeString(String value) {
        return writeString(value, SortOrder.ASCENDING);
    }

    /** @throws IllegalArgumentException if {@code value} holds an unpaired surrogate (not valid Unicode) */
    public KeyEncoder writeString(String value, SortOrder order) {
        int start = length;
        put(KeyTags.STRING);
        putUtf8Escaped(value);
        putTerminator();
        return finish(start, order);
    }

    public KeyEncoder writeBytes(byte[] value) {
        return writeBytes(value, SortOrder.ASCENDING);
    }

    public KeyEncoder writeBytes(byte[] value, SortOrder order) {
        int start = length;
        put(KeyTags.BYTES);
        for (byte b : value) {
            putEscaped(b & 0xFF);
        }
        putTerminator();
        return finish(start, order);
    }

    public KeyEncoder writeDate(LocalDate value) {
        return writeDate(value, SortOrder.ASCENDING);
    }

    public KeyEncoder writeDate(LocalDate value, SortOrder order) {
        int start = length;
        put(KeyTags.DATE);
        putLong(value.toEpochDay());
        return finish(start, order);
    }

    public KeyEncoder writeTimestamp(Instant value) {
        return writeTimestamp(value, SortOrder.ASCENDING);
    }

    /** Seconds then nanoseconds, both exact: every {@link Instant} round-trips. */
    public KeyEncoder writeTimestamp(Instant value, SortOrder order) {
        int start = length;
        put(KeyTags.TIMESTAMP);
        putLong(value.getEpochSecond());
        putLong(value.getNano());
        return finish(start, order);
    }

    /**
     * Writes a SQL value by its Java type: null, Boolean, Byte/Short/Integer/Long (as a long),
     * Float/Double (as a double), String, byte[], LocalDate, Instant.
     */
    public KeyEncoder write(Object value, SortOrder order) {
        if (value == null) {
            return writeNull(order);
        } else if (value instanceof Boolean b) {
            return writeBoolean(b, order);
        } else if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return writeLong(((Number) value).longValue(), order);
        } else if (value instanceof Double || value instanceof Float) {
            return writeDouble(((Number) value).doubleValue(), order);
        } else if (value instanceof String s) {
            return writeString(s, order);
        } else if (value instanceof byte[] bytes) {
            return writeBytes(bytes, order);
        } else if (value instanceof LocalDate date) {
            return writeDate(date, order);
        } else if (value instanceof Instant instant) {
            return writeTimestamp(instant, order);
        }
        throw new IllegalArgumentException("no key encoding for " + value.getClass().getName());
    }

    public int length() {
        return length;
    }

    public byte[] toBytes() {
        return Arrays.copyOf(buffer, length);
    }

    /**
     * The smallest key greater than every key that starts with {@code prefix}: the exclusive end of
     * a prefix scan. Empty when no such key exists (the prefix is empty or all 0xFF), meaning "to the
     * end of the key space".
     */
    public static byte[] prefixEnd(byte[] prefix) {
        for (int i = prefix.length - 1; i >= 0; i--) {
            if (prefix[i] != (byte) 0xFF) {
                byte[] end = Arrays.copyOf(prefix, i + 1);
                end[i]++;
                return end;
            }
        }
        return new byte[0];
    }

    /**
     * Doubles as sortable unsigned bits: positive values get their sign bit set, negative values
     * all bits flipped. -0.0 becomes 0.0 (SQL equality) and every NaN the canonical one.
     */
    static long sortableDoubleBits(double value) {
        double normalized = value == 0.0 ? 0.0 : value;
        long bits = Double.doubleToLongBits(normalized);
        return bits < 0 ? ~bits : bits ^ Long.MIN_VALUE;
    }

    private KeyEncoder finish(int start, SortOrder order) {
        if (order == SortOrder.DESCENDING) {
            for (int i = start; i < length; i++) {
                buffer[i] = (byte) ~buffer[i];
            }
        }
        return this;
    }

    /**
     * Integers in 1 to 9 bytes. For v >= 0 the tag counts the n bytes v needs; for v < 0 the tag
     * counts down with the n bytes that ~v needs and the payload is v's low n bytes, which rise as
     * v rises toward -1. Tags of longer negatives are smaller, of longer positives larger.
     */
    private void putLong(long value) {
        if (value >= 0) {
            int n = payloadBytes(value);
            put(KeyTags.INT_POSITIVE_BASE + n);
            putLowBytes(value, n);
        } else {
            int n = payloadBytes(~value);
            put(KeyTags.INT_NEGATIVE_BASE + 8 - n);
            putLowBytes(value, n);
        }
    }

    private static int payloadBytes(long nonNegative) {
        return (64 - Long.numberOfLeadingZeros(nonNegative) + 7) / 8;
    }

    private void putLowBytes(long value, int n) {
        for (int shift = (n - 1) * 8; shift >= 0; shift -= 8) {
            put((int) (value >>> shift) & 0xFF);
        }
    }

    private void putFixedLong(long value) {
        putLowBytes(value, 8);
    }

    private void putUtf8Escaped(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x80) {
                putEscaped(c);
            } else if (c < 0x800) {
                put(0xC0 | (c >> 6));
                put(0x80 | (c & 0x3F));
            } else if (Character.isSurrogate(c)) {
                int codePoint = value.codePointAt(i);
                if (!Character.isSupplementaryCodePoint(codePoint)) {
                    throw new IllegalArgumentException("unpaired surrogate at index " + i + " in a key string");
                }
                put(0xF0 | (codePoint >> 18));
                put(0x80 | ((codePoint >> 12) & 0x3F));
                put(0x80 | ((codePoint >> 6) & 0x3F));
                put(0x80 | (codePoint & 0x3F));
                i++;
            } else {
                put(0xE0 | (c >> 12));
                put(0x80 | ((c >> 6) & 0x3F));
                put(0x80 | (c & 0x3F));
            }
        }
    }

    private void putEscaped(int unsignedByte) {
        put(unsignedByte);
        if (unsignedByte == KeyTags.ESCAPE) {
            put(KeyTags.ESCAPED_ZERO);
        }
    }

    private void putTerminator() {
        put(KeyTags.ESCAPE);
        put(KeyTags.TERMINATOR);
    }

    private void put(int unsignedByte) {
        if (length == buffer.length) {
            buffer = Arrays.copyOf(buffer, buffer.length * 2);
        }
        buffer[length++] = (byte) unsignedByte;
    }
}
