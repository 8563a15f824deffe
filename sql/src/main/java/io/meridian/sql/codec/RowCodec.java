package io.meridian.sql.codec;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import org.apache.calcite.avatica.util.ByteString;

/**
 * A row's stored value: a format byte, the column count, then each column as a type tag and its
 * value, in Calcite's internal Java representation (so reading back needs no type conversion).
 * The optional hidden row id comes first when present.
 */
public final class RowCodec {
    private static final byte FORMAT = 1;
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

    public static byte[] encode(Object[] row) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(FORMAT);
            out.writeShort(row.length);
            for (Object value : row) {
                writeValue(out, value);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static void writeValue(DataOutputStream out, Object value) throws IOException {
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

    public static Object[] decode(byte[] encoded) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(encoded))) {
            byte format = in.readByte();
            if (format != FORMAT) {
                throw new IllegalStateException("unknown row format " + format);
            }
            Object[] row = new Object[in.readShort()];
            for (int i = 0; i < row.length; i++) {
                row[i] = readValue(in);
            }
            return row;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Object readValue(DataInputStream in) throws IOException {
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
