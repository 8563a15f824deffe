package io.meridian.sql.codec;

import io.meridian.sql.catalog.ColumnDef;
import io.meridian.sql.catalog.TableDef;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.util.List;
import org.apache.calcite.avatica.util.ByteString;

/**
 * A row's stored value. Format 2 (written today): a format byte, the value count, then each value
 * as its column's stable id and a type tag with the value, in Calcite's internal Java
 * representation (so reading back needs no type conversion). Decoding goes by the table's current
 * definition: a column added after the row was written reads its missing value (the DEFAULT at
 * ADD COLUMN time), and values of dropped columns are skipped, so ALTER TABLE rewrites no rows.
 * Format 1 rows (older builds) are positional: value i belongs to column id i, which is the id
 * every column of a table from before column ids got.
 */
public final class RowCodec {
    private static final byte FORMAT_POSITIONAL = 1;
    private static final byte FORMAT_COLUMN_IDS = 2;
    private static final byte NULL = 0;
    private static final byte LONG = 1;
    private static final byte INT = 2;
    private static final byte SHORT = 3;
    private static final byte BYTE = 4;
    private static final byte DOUBLE = 5;
    private static final byte FLOAT = 6;
    private static final byte BOOLEAN = 7;
    private static final byte STRING = 8;
    private static final byte DECIMAL = 9;
    private static final byte BYTES = 10;

    private RowCodec() {
    }

    /** Encodes {@code row}, whose values are in the order of {@code table}'s columns. */
    public static byte[] encode(TableDef table, Object[] row) {
        return encode(table, row, null);
    }

    /**
     * Encodes {@code row} as an UPDATE rewrites it, carrying over from {@code previous} (the row's
     * stored form, or null) the values of columns added after {@code table}'s definition: a
     * statement still planned against the older schema must not reset a column another session
     * already set. Values of dropped columns (ids below the table's next id) are not carried.
     */
    public static byte[] encode(TableDef table, Object[] row, byte[] previous) {
        List<ColumnDef> columns = table.columns();
        if (row.length != columns.size()) {
            throw new IllegalArgumentException("table " + table.name() + " has " + columns.size() + " columns, row has "
                    + row.length + " values");
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            List<Object[]> newer = previous == null ? List.of() : newerColumns(table, previous, table.nextColumnId());
            out.writeByte(FORMAT_COLUMN_IDS);
            out.writeShort(row.length + newer.size());
            for (int i = 0; i < row.length; i++) {
                out.writeShort(columns.get(i).id());
                writeValue(out, row[i]);
            }
            for (Object[] idAndValue : newer) {
                out.writeShort((Integer) idAndValue[0]);
                writeValue(out, idAndValue[1]);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** Decodes a stored row into the order of {@code table}'s current columns. */
    public static Object[] decode(TableDef table, byte[] encoded) {
        List<ColumnDef> columns = table.columns();
        Object[] row = new Object[columns.size()];
        boolean[] seen = new boolean[row.length];
        // A ByteBuffer (big-endian, as DataOutputStream wrote it) reads in place: decoding is on
        // every row a query returns, and stream wrappers cost more than the values.
        ByteBuffer in = ByteBuffer.wrap(encoded);
        try {
            byte format = in.get();
            if (format != FORMAT_POSITIONAL && format != FORMAT_COLUMN_IDS) {
                throw new IllegalStateException("unknown row format " + format);
            }
            int count = in.getShort();
            for (int i = 0; i < count; i++) {
                int columnId = format == FORMAT_POSITIONAL ? i : Short.toUnsignedInt(in.getShort());
                Object value = readTagged(in);
                // Fast path: without ALTER TABLE, value i is column i.
                int position = i < columns.size() && columns.get(i).id() == columnId ? i : positionOf(columns, columnId);
                if (position >= 0) {
                    row[position] = value;
                    seen[position] = true;
                }
            }
        } catch (BufferUnderflowException e) {
            throw truncated(table, e);
        }
        for (int i = 0; i < row.length; i++) {
            if (!seen[i]) {
                row[i] = columns.get(i).missingValue();
            }
        }
        return row;
    }

    private static UncheckedIOException truncated(TableDef table, BufferUnderflowException e) {
        EOFException eof = new EOFException("stored row of table " + table.name() + " ends inside a value");
        eof.initCause(e);
        return new UncheckedIOException(eof);
    }

    /** The (id, value) pairs of a stored row whose column ids are {@code firstNewId} or above. */
    private static List<Object[]> newerColumns(TableDef table, byte[] encoded, int firstNewId) {
        List<Object[]> newer = new java.util.ArrayList<>();
        ByteBuffer in = ByteBuffer.wrap(encoded);
        try {
            byte format = in.get();
            int count = in.getShort();
            for (int i = 0; i < count; i++) {
                int columnId = format == FORMAT_POSITIONAL ? i : Short.toUnsignedInt(in.getShort());
                Object value = readTagged(in);
                if (columnId >= firstNewId) {
                    newer.add(new Object[] {columnId, value});
                }
            }
        } catch (BufferUnderflowException e) {
            throw truncated(table, e);
        }
        return newer;
    }

    private static int positionOf(List<ColumnDef> columns, int columnId) {
        for (int i = 0; i < columns.size(); i++) {
            if (columns.get(i).id() == columnId) {
                return i;
            }
        }
        return -1;
    }

    /** One value, tagged with its type; the catalog stores columns' missing values this way. */
    public static void writeValue(DataOutputStream out, Object value) throws IOException {
        writeTagged(out, value);
    }

    public static Object readValue(DataInputStream in) throws IOException {
        return readTagged(in);
    }

    /** {@link #readTagged(DataInputStream)} over a buffer; strings decode from the buffer's array. */
    private static Object readTagged(ByteBuffer in) {
        byte tag = in.get();
        switch (tag) {
            case NULL: return null;
            case LONG: return in.getLong();
            case INT: return in.getInt();
            case SHORT: return in.getShort();
            case BYTE: return in.get();
            case DOUBLE: return in.getDouble();
            case FLOAT: return in.getFloat();
            case BOOLEAN: return in.get() != 0;
            case STRING: {
                int length = length(in);
                String value = new String(in.array(), in.arrayOffset() + in.position(), length,
                        java.nio.charset.StandardCharsets.UTF_8);
                in.position(in.position() + length);
                return value;
            }
            case DECIMAL: {
                int scale = in.getInt();
                return new BigDecimal(new BigInteger(bytes(in)), scale);
            }
            case BYTES: return new ByteString(bytes(in));
            default: throw new IllegalStateException("unknown value tag " + tag);
        }
    }

    private static int length(ByteBuffer in) {
        int length = in.getInt();
        if (length < 0 || length > in.remaining()) {
            throw new BufferUnderflowException();
        }
        return length;
    }

    private static byte[] bytes(ByteBuffer in) {
        byte[] out = new byte[length(in)];
        in.get(out);
        return out;
    }

    private static void writeTagged(DataOutputStream out, Object value) throws IOException {
        if (value == null) {
            out.writeByte(NULL);
        } else if (value instanceof Long v) {
            out.writeByte(LONG);
            out.writeLong(v);
        } else if (value instanceof Integer v) {
            out.writeByte(INT);
            out.writeInt(v);
        } else if (value instanceof Short v) {
            out.writeByte(SHORT);
            out.writeShort(v);
        } else if (value instanceof Byte v) {
            out.writeByte(BYTE);
            out.writeByte(v);
        } else if (value instanceof Double v) {
            out.writeByte(DOUBLE);
            out.writeDouble(v);
        } else if (value instanceof Float v) {
            out.writeByte(FLOAT);
            out.writeFloat(v);
        } else if (value instanceof Boolean v) {
            out.writeByte(BOOLEAN);
            out.writeBoolean(v);
        } else if (value instanceof String v) {
            out.writeByte(STRING);
            writeBytes(out, v.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        } else if (value instanceof BigDecimal v) {
            out.writeByte(DECIMAL);
            out.writeInt(v.scale());
            writeBytes(out, v.unscaledValue().toByteArray());
        } else if (value instanceof ByteString v) {
            out.writeByte(BYTES);
            writeBytes(out, v.getBytes());
        } else {
            throw new IllegalArgumentException("cannot store a value of " + value.getClass().getName());
        }
    }

    private static void writeBytes(DataOutputStream out, byte[] bytes) throws IOException {
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    private static Object readTagged(DataInputStream in) throws IOException {
        byte tag = in.readByte();
        switch (tag) {
            case NULL: return null;
            case LONG: return in.readLong();
            case INT: return in.readInt();
            case SHORT: return in.readShort();
            case BYTE: return in.readByte();
            case DOUBLE: return in.readDouble();
            case FLOAT: return in.readFloat();
            case BOOLEAN: return in.readBoolean();
            case STRING: return new String(in.readNBytes(in.readInt()), java.nio.charset.StandardCharsets.UTF_8);
            case DECIMAL: {
                int scale = in.readInt();
                return new BigDecimal(new BigInteger(in.readNBytes(in.readInt())), scale);
            }
            case BYTES: return new ByteString(in.readNBytes(in.readInt()));
            default: throw new IllegalStateException("unknown value tag " + tag);
        }
    }
}
