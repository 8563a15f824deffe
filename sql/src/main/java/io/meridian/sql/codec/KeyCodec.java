package io.meridian.sql.codec;

import io.meridian.sql.SqlStateException;
import io.meridian.sql.SqlStates;
import io.meridian.sql.catalog.IndexDef;
import io.meridian.sql.catalog.TableDef;
import io.meridian.storage.keys.KeyEncoder;
import io.meridian.storage.keys.SortOrder;
import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.apache.calcite.avatica.util.ByteString;

/**
 * Where SQL data lives in the key space, and the order-preserving encoding of keys: byte-wise
 * comparison of two encoded keys agrees with SQL comparison of the values (NULL first).
 *
 * <pre>
 *   0x01 ...                                   system space (catalog)
 *   0x02 tableId(8) pk...                      table rows
 *   0x03 tableId(8) indexId(8) values... rowKey  secondary index entries
 * </pre>
 *
 * An index entry's key ends with the full key of the row it points to, so entries of equal
 * values stay distinct and lead back to their row; a UNIQUE index is checked by looking for any
 * entry under the same values (unless one of them is NULL: NULLs never collide).
 */
public final class KeyCodec {
    private static final byte SPACE_SYSTEM = 0x01;
    private static final byte SPACE_TABLES = 0x02;
    private static final byte SPACE_INDEXES = 0x03;
    private static final byte NULL_MARK = 0x00;
    private static final byte VALUE_MARK = 0x01;

    private KeyCodec() {
    }

    public static byte[] systemKey(String name) {
        byte[] text = name.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(1 + text.length).put(SPACE_SYSTEM).put(text).array();
    }

    public static byte[] tablePrefix(long tableId) {
        return ByteBuffer.allocate(9).put(SPACE_TABLES).putLong(tableId).array();
    }

    /** The first key after every row of the table. */
    public static byte[] tableEnd(long tableId) {
        return tablePrefix(tableId + 1);
    }

    public static byte[] rowIdKey(long tableId, long rowId) {
        return integerPrimaryKey(tableId, rowId);
    }

    /**
     * The key of the row whose primary key is the one integer column holding {@code value}: the
     * bytes of {@code withKeyValue(tablePrefix(tableId), value)}, made in one array.
     */
    public static byte[] integerPrimaryKey(long tableId, long value) {
        return ByteBuffer.allocate(18).put(SPACE_TABLES).putLong(tableId).put(VALUE_MARK).putLong(value ^ Long.MIN_VALUE)
                .array();
    }

    /** The key of a row of a table with a declared primary key. */
    public static byte[] primaryKey(TableDef table, Object[] row) throws SqlStateException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(tablePrefix(table.id()));
        for (int position : table.primaryKey()) {
            writeValue(out, row[position], table.columns().get(position).name());
        }
        return out.toByteArray();
    }

    public static byte[] indexPrefix(long tableId, long indexId) {
        return ByteBuffer.allocate(17).put(SPACE_INDEXES).putLong(tableId).putLong(indexId).array();
    }

    /** The first key after every entry of the index. */
    public static byte[] indexEnd(long tableId, long indexId) {
        return KeyEncoder.prefixEnd(indexPrefix(tableId, indexId));
    }

    /**
     * The index prefix followed by the row's values of the index columns, each in its direction:
     * every entry for these values starts with it. Null when a value is NULL and
     * {@code nullMeansNone} (for uniqueness checks, where NULLs never collide).
     */
    public static byte[] indexValues(TableDef table, IndexDef index, Object[] row, boolean nullMeansNone) {
        KeyEncoder encoder = new KeyEncoder();
        for (int i = 0; i < index.columns().size(); i++) {
            Object value = row[index.columns().get(i)];
            if (value == null && nullMeansNone) {
                return null;
            }
            writeIndexValue(encoder, value, index.descending().get(i) ? SortOrder.DESCENDING : SortOrder.ASCENDING);
        }
        byte[] prefix = indexPrefix(table.id(), index.id());
        byte[] values = encoder.toBytes();
        byte[] out = Arrays.copyOf(prefix, prefix.length + values.length);
        System.arraycopy(values, 0, out, prefix.length, values.length);
        return out;
    }

    /** The entry of {@code row} (stored under {@code rowKey}) in {@code index}. */
    public static byte[] indexEntry(TableDef table, IndexDef index, Object[] row, byte[] rowKey) {
        byte[] values = indexValues(table, index, row, false);
        byte[] out = Arrays.copyOf(values, values.length + rowKey.length);
        System.arraycopy(rowKey, 0, out, values.length, rowKey.length);
        return out;
    }

    /** The row key an index entry ends with, given the length of its values prefix. */
    public static byte[] rowKeyOfEntry(byte[] entry, int valuesLength) {
        return Arrays.copyOfRange(entry, valuesLength, entry.length);
    }

    /**
     * One value in Calcite's internal representation. Integers, dates and times (ints and longs)
     * and booleans, doubles, strings and bytes map to the encoder's types; a DECIMAL is written as
     * its double (for order) followed by its exact digits (so distinct decimals never collide).
     */
    private static void writeIndexValue(KeyEncoder encoder, Object value, SortOrder order) {
        if (value instanceof ByteString bytes) {
            encoder.writeBytes(bytes.getBytes(), order);
        } else if (value instanceof BigDecimal d) {
            encoder.writeDouble(d.doubleValue(), order);
            encoder.writeString(d.stripTrailingZeros().toPlainString(), order);
        } else {
            encoder.write(value, order);
        }
    }

    /**
     * Appends one non-NULL primary-key value (Long, Double or String, as a row of a key column
     * holds) to a key being built: how the planner turns a predicate's bound into a key.
     */
    public static void appendKeyValue(ByteArrayOutputStream out, Object value) {
        try {
            writeValue(out, value, "?");
        } catch (SqlStateException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    /**
     * {@code prefix} followed by one integer primary-key value: the bytes {@link #appendKeyValue}
     * writes for a Long, built in one array (a prepared point lookup builds one per execution).
     */
    public static byte[] withKeyValue(byte[] prefix, long value) {
        byte[] out = Arrays.copyOf(prefix, prefix.length + 9);
        out[prefix.length] = VALUE_MARK;
        long sortable = value ^ Long.MIN_VALUE;
        for (int i = 0; i < 8; i++) {
            out[prefix.length + 1 + i] = (byte) (sortable >>> (56 - 8 * i));
        }
        return out;
    }

    /** The first key after every key that starts with {@code prefix}. */
    public static byte[] prefixEnd(byte[] prefix) {
        return KeyEncoder.prefixEnd(prefix);
    }

    private static void writeValue(ByteArrayOutputStream out, Object value, String column) throws SqlStateException {
        if (value == null) {
            out.write(NULL_MARK);
            return;
        }
        out.write(VALUE_MARK);
        if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
            out.writeBytes(ByteBuffer.allocate(8).putLong(((Number) value).longValue() ^ Long.MIN_VALUE).array());
        } else if (value instanceof Double || value instanceof Float) {
            out.writeBytes(ByteBuffer.allocate(8).putLong(sortableDouble(((Number) value).doubleValue())).array());
        } else if (value instanceof Boolean b) {
            out.write(b ? 1 : 0);
        } else if (value instanceof String s) {
            writeEscaped(out, s.getBytes(StandardCharsets.UTF_8));
        } else if (value instanceof ByteString bytes) {
            writeEscaped(out, bytes.getBytes());
        } else if (value instanceof BigDecimal d) {
            // Ordered by the double, made exact (equal decimals, equal keys) by the plain digits.
            out.writeBytes(ByteBuffer.allocate(8).putLong(sortableDouble(d.doubleValue())).array());
            writeEscaped(out, d.stripTrailingZeros().toPlainString().getBytes(StandardCharsets.UTF_8));
        } else {
            throw new SqlStateException(SqlStates.FEATURE_NOT_SUPPORTED,
                    "primary key column \"" + column + "\" of type " + value.getClass().getSimpleName() + " is not supported yet");
        }
    }

    /**
     * The primary-key values a row key holds, in primary-key order, as the key stores them: Long
     * for integers (and dates, times, timestamps), Double, Boolean, String, byte[] for binary, and
     * the plain digits (a String) for a decimal; null for NULL.
     */
    public static Object[] primaryKeyValues(TableDef table, byte[] rowKey) {
        Object[] out = new Object[table.primaryKey().size()];
        ByteBuffer in = ByteBuffer.wrap(rowKey, 9, rowKey.length - 9);
        for (int i = 0; i < out.length; i++) {
            if (in.get() == NULL_MARK) {
                continue;
            }
            out[i] = switch (table.columns().get(table.primaryKey().get(i)).type()) {
                case TINYINT, SMALLINT, INTEGER, BIGINT, DATE, TIME, TIMESTAMP -> in.getLong() ^ Long.MIN_VALUE;
                case REAL, FLOAT, DOUBLE -> unsortableDouble(in.getLong());
                case BOOLEAN -> in.get() != 0;
                case BINARY, VARBINARY -> readEscaped(in);
                case DECIMAL -> {
                    in.getLong(); // the ordering double; the digits follow
                    yield new String(readEscaped(in), StandardCharsets.UTF_8);
                }
                default -> new String(readEscaped(in), StandardCharsets.UTF_8);
            };
        }
        return out;
    }

    private static double unsortableDouble(long sortable) {
        return Double.longBitsToDouble(sortable < 0 ? sortable ^ Long.MIN_VALUE : ~sortable);
    }

    /** Reverses {@link #writeEscaped}. */
    private static byte[] readEscaped(ByteBuffer in) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        while (true) {
            byte b = in.get();
            if (b == 0) {
                if (in.get() == 0x01) {
                    return out.toByteArray();
                }
            }
            out.write(b);
        }
    }

    /** Positive doubles get their sign bit set, negative ones all bits flipped; -0.0 is 0.0. */
    private static long sortableDouble(double value) {
        long bits = Double.doubleToLongBits(value == 0.0 ? 0.0 : value);
        return bits < 0 ? ~bits : bits ^ Long.MIN_VALUE;
    }

    /** 0x00 becomes 0x00 0xFF and the value ends with 0x00 0x01, so prefixes sort first. */
    private static void writeEscaped(ByteArrayOutputStream out, byte[] bytes) {
        for (byte b : bytes) {
            out.write(b);
            if (b == 0) {
                out.write(0xFF);
            }
        }
        out.write(0x00);
        out.write(0x01);
    }
}
