package io.meridian.sql.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
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
