package io.meridian.sql.codec;

import io.meridian.sql.SqlStateException;
import io.meridian.sql.SqlStates;
import io.meridian.sql.catalog.TableDef;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.apache.calcite.avatica.util.ByteString;

/**
 * Where SQL data lives in the key space, and the order-preserving encoding of primary keys:
 * byte-wise comparison of two encoded keys agrees with SQL comparison of the values (NULL first).
 *
 * <pre>
 *   0x01 ...                     system space (catalog)
 *   0x02 tableId(8) pk...        table rows
 * </pre>
 */
public final class KeyCodec {
    private static final byte SPACE_SYSTEM = 0x01;
    private static final byte SPACE_TABLES = 0x02;
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
        return ByteBuffer.allocate(18).put(SPACE_TABLES).putLong(tableId).put(VALUE_MARK).putLong(rowId ^ Long.MIN_VALUE)
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

    private static void writeValue(ByteArrayOutputStream out, Object value, String column) throws SqlStateException {
        if (value == null) {
            out.write(NULL_MARK);
            return;
        }
        out.write(VALUE_MARK);
        if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
            out.writeBytes(ByteBuffer.allocate(8).putLong(((Number) value).longValue() ^ Long.MIN_VALUE).array());
        } else if (value instanceof Double || value instanceof Float) {
            long bits = Double.doubleToLongBits(((Number) value).doubleValue() == 0.0 ? 0.0 : ((Number) value).doubleValue());
            bits = bits < 0 ? ~bits : bits ^ Long.MIN_VALUE;
            out.writeBytes(ByteBuffer.allocate(8).putLong(bits).array());
        } else if (value instanceof Boolean b) {
            out.write(b ? 1 : 0);
        } else if (value instanceof String s) {
            writeEscaped(out, s.getBytes(StandardCharsets.UTF_8));
        } else if (value instanceof ByteString bytes) {
            writeEscaped(out, bytes.getBytes());
        } else {
            throw new SqlStateException(SqlStates.FEATURE_NOT_SUPPORTED,
                    "primary key column \"" + column + "\" of type " + value.getClass().getSimpleName() + " is not supported yet");
        }
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
