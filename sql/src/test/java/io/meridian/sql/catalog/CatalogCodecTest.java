package io.meridian.sql.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.List;
import org.apache.calcite.sql.type.SqlTypeName;
import org.junit.jupiter.api.Test;

class CatalogCodecTest {
    private static final List<ColumnDef> COLUMNS = List.of(
            new ColumnDef("K", SqlTypeName.BIGINT, -1, -1, false, null),
            new ColumnDef("V", SqlTypeName.VARCHAR, 8, -1, true, "'x'"));

    @Test
    void tablesWithIndexesRoundTrip() {
        TableDef table = new TableDef(100, "T", COLUMNS, List.of(0), List.of(
                new IndexDef(101, "T_V_KEY", List.of(1), List.of(false), true),
                new IndexDef(102, "T_BOTH", List.of(1, 0), List.of(true, false), false)));
        assertEquals(table, CatalogCodec.decode(CatalogCodec.encode(table)));
    }

    /** Format 3: column ids, missing values, the next column id and index build states survive. */
    @Test
    void alteredTablesRoundTrip() {
        TableDef table = new TableDef(100, "T", COLUMNS, List.of(0), List.of(
                new IndexDef(101, "T_V", List.of(1), List.of(false), true, IndexState.WRITE_ONLY)))
                .withColumn(new ColumnDef("D", SqlTypeName.DECIMAL, 10, 2, false, "1.50").withMissingValue(new BigDecimal("1.50")))
                .withColumn(new ColumnDef("E", SqlTypeName.VARCHAR, -1, -1, true, null))
                .withoutColumn(3);
        assertEquals(List.of(0, 1, 2), table.columns().stream().map(ColumnDef::id).toList());
        assertEquals(4, table.nextColumnId());
        TableDef decoded = CatalogCodec.decode(CatalogCodec.encode(table));
        assertEquals(table, decoded);
        assertEquals(new BigDecimal("1.50"), decoded.columns().get(2).missingValue());
        assertEquals(IndexState.WRITE_ONLY, decoded.indexes().get(0).state());
    }

    /** Format 2 (indexes, no column ids) from older builds: ids 0..n-1, indexes PUBLIC. */
    @Test
    void formatTwoTablesStillRead() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(2);
            out.writeLong(100);
            out.writeUTF("T");
            writeColumnsV1(out);
            out.writeShort(1);
            out.writeShort(0);
            out.writeShort(1);
            out.writeLong(101);
            out.writeUTF("T_V");
            out.writeBoolean(true);
            out.writeShort(1);
            out.writeShort(1);
            out.writeBoolean(true);
        }
        TableDef decoded = CatalogCodec.decode(bytes.toByteArray());
        assertEquals(new TableDef(100, "T", COLUMNS, List.of(0), List.of(new IndexDef(101, "T_V", List.of(1), List.of(true), true))),
                decoded);
        assertEquals(List.of(0, 1), decoded.columns().stream().map(ColumnDef::id).toList());
        assertEquals(2, decoded.nextColumnId());
        assertTrue(decoded.indexes().get(0).isPublic());
    }

    private static void writeColumnsV1(DataOutputStream out) throws IOException {
        out.writeShort(2);
        for (ColumnDef c : COLUMNS) {
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
    }

    @Test
    void viewsRoundTrip() {
        ViewDef view = new ViewDef("V", "SELECT 'é', x FROM t WHERE x > 0", List.of("A", "B"));
        assertEquals(view, CatalogCodec.decodeView(CatalogCodec.encode(view)));
    }

    /** Tables written before indexes existed (format 1) still read, with no indexes. */
    @Test
    void formatOneTablesStillRead() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(1);
            out.writeLong(100);
            out.writeUTF("T");
            out.writeShort(2);
            for (ColumnDef c : COLUMNS) {
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
            out.writeShort(1);
            out.writeShort(0);
        }
        assertEquals(new TableDef(100, "T", COLUMNS, List.of(0)), CatalogCodec.decode(bytes.toByteArray()));
    }
}
