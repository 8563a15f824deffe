package io.meridian.sql.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meridian.sql.catalog.ColumnDef;
import io.meridian.sql.catalog.TableDef;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.math.BigDecimal;
import java.util.List;
import org.apache.calcite.avatica.util.ByteString;
import org.apache.calcite.sql.type.SqlTypeName;
import org.junit.jupiter.api.Test;

/** Rows read by the table's current definition, whatever columns were added or dropped since they were written. */
class RowCodecTest {
    private static final TableDef TABLE = new TableDef(100, "T", List.of(
            new ColumnDef("K", SqlTypeName.BIGINT, -1, -1, false, null),
            new ColumnDef("V", SqlTypeName.VARCHAR, -1, -1, true, null),
            new ColumnDef("W", SqlTypeName.DOUBLE, -1, -1, true, null)), List.of(0));

    @Test
    void everyValueKindRoundTrips() {
        TableDef wide = new TableDef(1, "W", List.of(
                column("A", SqlTypeName.BIGINT), column("B", SqlTypeName.INTEGER), column("C", SqlTypeName.SMALLINT),
                column("D", SqlTypeName.TINYINT), column("E", SqlTypeName.DOUBLE), column("F", SqlTypeName.REAL),
                column("G", SqlTypeName.BOOLEAN), column("H", SqlTypeName.VARCHAR), column("I", SqlTypeName.DECIMAL),
                column("J", SqlTypeName.VARBINARY), column("K", SqlTypeName.INTEGER)), List.of(0));
        Object[] row = {1L, 2, (short) 3, (byte) 4, 5.5, 6.5f, true, "é", new BigDecimal("-7.25"),
            new ByteString(new byte[] {0, 9}), null};
        assertArrayEquals(row, RowCodec.decode(wide, RowCodec.encode(wide, row)));
    }

    @Test
    void aTruncatedRowFailsNamingItsTable() {
        byte[] whole = RowCodec.encode(TABLE, new Object[] {1L, "abcdef", 2.5});
        for (int length : new int[] {1, 4, 15, whole.length - 1}) {
            UncheckedIOException e = assertThrows(UncheckedIOException.class,
                    () -> RowCodec.decode(TABLE, Arrays.copyOf(whole, length)));
            assertTrue(e.getMessage().contains("table T"), e.getMessage());
        }
    }

    @Test
    void addedColumnsReadTheirMissingValueAndDroppedOnesVanish() {
        byte[] old = RowCodec.encode(TABLE, new Object[] {1L, "a", 2.5});
        TableDef added = TABLE.withColumn(new ColumnDef("X", SqlTypeName.INTEGER, -1, -1, false, "7").withMissingValue(7));
        assertArrayEquals(new Object[] {1L, "a", 2.5, 7}, RowCodec.decode(added, old));
        TableDef dropped = added.withoutColumn(1);
        assertArrayEquals(new Object[] {1L, 2.5, 7}, RowCodec.decode(dropped, old));
        byte[] newer = RowCodec.encode(dropped, new Object[] {2L, 3.5, 8});
        assertArrayEquals(new Object[] {2L, 3.5, 8}, RowCodec.decode(dropped, newer));
        // A column added again under the old name is a new column: the old values do not return.
        TableDef readded = dropped.withColumn(new ColumnDef("V", SqlTypeName.VARCHAR, -1, -1, true, null));
        assertArrayEquals(new Object[] {1L, 2.5, 7, null}, RowCodec.decode(readded, old));
        // An older reader of a newer row: the dropped column reads as missing, the unknown one is skipped.
        assertArrayEquals(new Object[] {2L, null, 3.5}, RowCodec.decode(TABLE, newer));
    }

    /**
     * An UPDATE planned against the schema before ADD COLUMN keeps the added column's value that
     * a newer statement wrote; a dropped column's value is not carried along.
     */
    @Test
    void olderSchemaRewritesKeepNewerColumns() {
        TableDef added = TABLE.withColumn(new ColumnDef("X", SqlTypeName.INTEGER, -1, -1, true, "0").withMissingValue(0));
        byte[] current = RowCodec.encode(added, new Object[] {1L, "a", 2.5, 9});
        byte[] rewrittenByOld = RowCodec.encode(TABLE, new Object[] {1L, "b", 2.5}, current);
        assertArrayEquals(new Object[] {1L, "b", 2.5, 9}, RowCodec.decode(added, rewrittenByOld));
        TableDef dropped = added.withoutColumn(1);
        byte[] rewrittenAfterDrop = RowCodec.encode(dropped, new Object[] {1L, 3.5, 9}, rewrittenByOld);
        assertArrayEquals(new Object[] {1L, null, 3.5}, RowCodec.decode(TABLE, rewrittenAfterDrop));
    }

    /** Rows from builds before column ids (format 1) are positional: value i is column id i. */
    @Test
    void formatOneRowsStillRead() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(1);
            out.writeShort(3);
            RowCodec.writeValue(out, 5L);
            RowCodec.writeValue(out, "old");
            RowCodec.writeValue(out, null);
        }
        assertArrayEquals(new Object[] {5L, "old", null}, RowCodec.decode(TABLE, bytes.toByteArray()));
        assertArrayEquals(new Object[] {5L, null}, RowCodec.decode(TABLE.withoutColumn(1), bytes.toByteArray()));
    }

    private static ColumnDef column(String name, SqlTypeName type) {
        return new ColumnDef(name, type, -1, -1, true, null);
    }
}
