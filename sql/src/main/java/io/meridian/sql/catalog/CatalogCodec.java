package io.meridian.sql.catalog;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.sql.type.SqlTypeName;

/** The stored form of a table definition in the system key space. */
final class CatalogCodec {
    private static final byte FORMAT = 1;

    private CatalogCodec() {
    }

    static byte[] encode(TableDef table) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(FORMAT);
            out.writeLong(table.id());
            out.writeUTF(table.name());
            out.writeShort(table.columns().size());
            for (ColumnDef c : table.columns()) {
                out.writeUTF(c.name());
                out.writeUTF(c.type().name());
                out.writeInt(c.precision());
                out.writeInt(c.scale());
                out.writeBoolean(c.nullable());
                out.writeBoolean(c.defaultSql() != null);
                if (c.defaultSql() != null) {
                    out.writeUTF(c.defaultSql());
                }
            }
            out.writeShort(table.primaryKey().size());
            for (int position : table.primaryKey()) {
                out.writeShort(position);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    static TableDef decode(byte[] encoded) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(encoded))) {
            byte format = in.readByte();
            if (format != FORMAT) {
                throw new IllegalStateException("unknown catalog format " + format);
            }
            long id = in.readLong();
            String name = in.readUTF();
            int columnCount = in.readShort();
            List<ColumnDef> columns = new ArrayList<>(columnCount);
            for (int i = 0; i < columnCount; i++) {
                String columnName = in.readUTF();
                SqlTypeName type = SqlTypeName.valueOf(in.readUTF());
                int precision = in.readInt();
                int scale = in.readInt();
                boolean nullable = in.readBoolean();
                String defaultSql = in.readBoolean() ? in.readUTF() : null;
                columns.add(new ColumnDef(columnName, type, precision, scale, nullable, defaultSql));
            }
            int keyCount = in.readShort();
            List<Integer> key = new ArrayList<>(keyCount);
            for (int i = 0; i < keyCount; i++) {
                key.add((int) in.readShort());
            }
            return new TableDef(id, name, columns, key);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
