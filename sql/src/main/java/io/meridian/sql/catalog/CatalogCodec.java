package io.meridian.sql.catalog;

import io.meridian.sql.codec.RowCodec;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * The stored form of table and view definitions in the system key space. Format 2 added secondary
 * indexes to tables; format 3 added column ids with missing values, the next column id and index
 * build states. Format 1 and 2 definitions (from older builds) still read: their columns get ids
 * 0..n-1 in order, which is how their positional rows read, and their indexes are PUBLIC.
 */
final class CatalogCodec {
    private static final byte TABLE_FORMAT_1 = 1;
    private static final byte TABLE_FORMAT_2 = 2;
    private static final byte TABLE_FORMAT_3 = 3;
    private static final byte VIEW_FORMAT = 1;

    private CatalogCodec() {
    }

    static byte[] encode(TableDef table) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(TABLE_FORMAT_3);
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
                out.writeShort(c.id());
                RowCodec.writeValue(out, c.missingValue());
            }
            out.writeInt(table.nextColumnId());
            writePositions(out, table.primaryKey());
            out.writeShort(table.indexes().size());
            for (IndexDef index : table.indexes()) {
                out.writeLong(index.id());
                out.writeUTF(index.name());
                out.writeBoolean(index.unique());
                writePositions(out, index.columns());
                for (boolean descending : index.descending()) {
                    out.writeBoolean(descending);
                }
                out.writeByte(index.state().ordinal());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    static TableDef decode(byte[] encoded) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(encoded))) {
            byte format = in.readByte();
            if (format != TABLE_FORMAT_1 && format != TABLE_FORMAT_2 && format != TABLE_FORMAT_3) {
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
                int columnId = format >= TABLE_FORMAT_3 ? in.readUnsignedShort() : i;
                Object missingValue = format >= TABLE_FORMAT_3 ? RowCodec.readValue(in) : null;
                columns.add(new ColumnDef(columnName, type, precision, scale, nullable, defaultSql, columnId, missingValue));
            }
            int nextColumnId = format >= TABLE_FORMAT_3 ? in.readInt() : columnCount;
            List<Integer> key = readPositions(in);
            List<IndexDef> indexes = new ArrayList<>();
            if (format >= TABLE_FORMAT_2) {
                int indexCount = in.readShort();
                for (int i = 0; i < indexCount; i++) {
                    long indexId = in.readLong();
                    String indexName = in.readUTF();
                    boolean unique = in.readBoolean();
                    List<Integer> indexColumns = readPositions(in);
                    List<Boolean> descending = new ArrayList<>();
                    for (int c = 0; c < indexColumns.size(); c++) {
                        descending.add(in.readBoolean());
                    }
                    IndexState state = format >= TABLE_FORMAT_3 ? IndexState.values()[in.readByte()] : IndexState.PUBLIC;
                    indexes.add(new IndexDef(indexId, indexName, indexColumns, descending, unique, state));
                }
            }
            return new TableDef(id, name, columns, key, indexes, nextColumnId);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] encode(ViewDef view) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(VIEW_FORMAT);
            out.writeUTF(view.name());
            writeLongString(out, view.querySql());
            out.writeShort(view.columnNames().size());
            for (String column : view.columnNames()) {
                out.writeUTF(column);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    static ViewDef decodeView(byte[] encoded) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(encoded))) {
            byte format = in.readByte();
            if (format != VIEW_FORMAT) {
                throw new IllegalStateException("unknown view format " + format);
            }
            String name = in.readUTF();
            String sql = readLongString(in);
            int count = in.readShort();
            List<String> columns = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                columns.add(in.readUTF());
            }
            return new ViewDef(name, sql, columns);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void writePositions(DataOutputStream out, List<Integer> positions) throws IOException {
        out.writeShort(positions.size());
        for (int position : positions) {
            out.writeShort(position);
        }
    }

    private static List<Integer> readPositions(DataInputStream in) throws IOException {
        int count = in.readShort();
        List<Integer> positions = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            positions.add((int) in.readShort());
        }
        return positions;
    }

    /** A view's query may pass writeUTF's 64 KiB limit. */
    private static void writeLongString(DataOutputStream out, String s) throws IOException {
        byte[] utf8 = s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        out.writeInt(utf8.length);
        out.write(utf8);
    }

    private static String readLongString(DataInputStream in) throws IOException {
        return new String(in.readNBytes(in.readInt()), java.nio.charset.StandardCharsets.UTF_8);
    }
}
