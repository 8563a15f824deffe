package io.meridian.storage.keys;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;

/**
 * Reads back what a {@link KeyEncoder} wrote, value by value, in the same order and with the same
 * {@link SortOrder} per column:
 *
 * <pre>{@code
 * KeyDecoder d = new KeyDecoder(key);
 * long tableId = d.readLong(), indexId = d.readLong();
 * long customerId = d.readLong();
 * String name = d.isNull(SortOrder.DESCENDING) ? d.readNull(SortOrder.DESCENDING) : d.readString(SortOrder.DESCENDING);
 * }</pre>
 *
 * Malformed input raises {@link KeyFormatException}. Not thread-safe.
 */
public final class KeyDecoder {
    private final byte[] key;
    private int position;

    public KeyDecoder(byte[] key) {
        this(key, 0);
    }

    public KeyDecoder(byte[] key, int offset) {
        this.key = key;
        this.position = offset;
    }

    public int position() {
        return position;
    }

    public boolean hasRemaining() {
        return position < key.length;
    }

    /** The kind of the next value, without consuming it. */
    public ValueType peekType(SortOrder order) {
        int tag = peekTag(order);
        if (tag == KeyTags.NULL) {
            return ValueType.NULL;
        } else if (tag == KeyTags.FALSE || tag == KeyTags.TRUE) {
            return ValueType.BOOLEAN;
        } else if (tag >= KeyTags.INT_FIRST && tag <= KeyTags.INT_LAST) {
            return ValueType.LONG;
        } else if (tag == KeyTags.DOUBLE) {
            return ValueType.DOUBLE;
        } else if (tag == KeyTags.STRING) {
            return ValueType.STRING;
        } else if (tag == KeyTags.BYTES) {
            return ValueType.BYTES;
        } else if (tag == KeyTags.DATE) {
            return ValueType.DATE;
        } else if (tag == KeyTags.TIMESTAMP) {
            return ValueType.TIMESTAMP;
        }
        throw malformed("unknown tag 0x" + Integer.toHexString(tag));
    }

    public boolean isNull(SortOrder order) {
        return peekTag(order) == KeyTags.NULL;
    }

    /** Consumes a NULL; returns null so a caller can write {@code isNull(o) ? readNull(o) : readX(o)}. */
    public <T> T readNull(SortOrder order) {
        expectTag(order, KeyTags.NULL);
        return null;
    }

    public boolean readBoolean() {
        return readBoolean(SortOrder.ASCENDING);
    }

    public boolean readBoolean(SortOrder order) {
        int tag = next(order);
        if (tag != KeyTags.FALSE && tag != KeyTags.TRUE) {
            throw malformed("expected a boolean, found tag 0x" + Integer.toHexString(tag));
        }
        return tag == KeyTags.TRUE;
    }

    public long readLong() {
        return readLong(SortOrder.ASCENDING);
    }

    public long readLong(SortOrder order) {
        int tag = next(order);
        if (tag < KeyTags.INT_FIRST || tag > KeyTags.INT_LAST) {
            throw malformed("expected an integer, found tag 0x" + Integer.toHexString(tag));
        }
        boolean negative = tag < KeyTags.INT_POSITIVE_BASE;
        int n = negative ? KeyTags.INT_NEGATIVE_BASE + 8 - tag : tag - KeyTags.INT_POSITIVE_BASE;
        long value = negative ? -1L : 0L;
        for (int i = 0; i < n; i++) {
            value = (value << 8) | next(order);
        }
        return value;
    }

    public double readDouble() {
        return readDouble(SortOrder.ASCENDING);
    }

    public double readDouble(SortOrder order) {
        expectTag(order, KeyTags.DOUBLE);
        long sortable = 0;
        for (int i = 0; i < 8; i++) {
            sortable = (sortable << 8) | next(order);
        }
        long bits = sortable < 0 ? sortable ^ Long.MIN_VALUE : ~sortable;
        return Double.longBitsToDouble(bits);
    }

    public String readString() {
        return readString(SortOrder.ASCENDING);
    }

    public String readString(SortOrder order) {
        expectTag(order, KeyTags.STRING);
        return new String(readEscaped(order), StandardCharsets.UTF_8);
    }

    public byte[] readBytes() {
        return readBytes(SortOrder.ASCENDING);
    }

    public byte[] readBytes(SortOrder order) {
        expectTag(order, KeyTags.BYTES);
        return readEscaped(order);
    }

    public LocalDate readDate() {
        return readDate(SortOrder.ASCENDING);
    }

    public LocalDate readDate(SortOrder order) {
        expectTag(order, KeyTags.DATE);
        return LocalDate.ofEpochDay(readLong(order));
    }

    public Instant readTimestamp() {
        return readTimestamp(SortOrder.ASCENDING);
    }

    public Instant readTimestamp(SortOrder order) {
        expectTag(order, KeyTags.TIMESTAMP);
        long seconds = readLong(order);
        return Instant.ofEpochSecond(seconds, readLong(order));
    }

    /** The next value as the Java type {@link KeyEncoder#write} takes (integers as Long, floats as Double). */
    public Object readValue(SortOrder order) {
        return switch (peekType(order)) {
            case NULL -> readNull(order);
            case BOOLEAN -> readBoolean(order);
            case LONG -> readLong(order);
            case DOUBLE -> readDouble(order);
            case STRING -> readString(order);
            case BYTES -> readBytes(order);
            case DATE -> readDate(order);
            case TIMESTAMP -> readTimestamp(order);
        };
    }

    private byte[] readEscaped(SortOrder order) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        while (true) {
            int b = next(order);
            if (b != KeyTags.ESCAPE) {
                out.write(b);
                continue;
            }
            int escaped = next(order);
            if (escaped == KeyTags.TERMINATOR) {
                return out.toByteArray();
            } else if (escaped == KeyTags.ESCAPED_ZERO) {
                out.write(0);
            } else {
                throw malformed("bad escape 0x00 0x" + Integer.toHexString(escaped));
            }
        }
    }

    private void expectTag(SortOrder order, int expected) {
        int tag = next(order);
        if (tag != expected) {
            throw malformed("expected tag 0x" + Integer.toHexString(expected) + ", found 0x" + Integer.toHexString(tag));
        }
    }

    private int peekTag(SortOrder order) {
        if (position >= key.length) {
            throw malformed("no value left");
        }
        return (key[position] ^ order.mask) & 0xFF;
    }

    private int next(SortOrder order) {
        if (position >= key.length) {
            throw malformed("key ends inside a value");
        }
        return (key[position++] ^ order.mask) & 0xFF;
    }

    private KeyFormatException malformed(String what) {
        return new KeyFormatException(what + " at byte " + position + " of a " + key.length + "-byte key");
    }
}
