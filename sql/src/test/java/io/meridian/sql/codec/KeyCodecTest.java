package io.meridian.sql.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meridian.sql.SqlStateException;
import io.meridian.sql.catalog.ColumnDef;
import io.meridian.sql.catalog.IndexDef;
import io.meridian.sql.catalog.TableDef;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.calcite.avatica.util.ByteString;
import org.apache.calcite.sql.type.SqlTypeName;
import org.junit.jupiter.api.Test;

class KeyCodecTest {
    private static final TableDef TABLE = new TableDef(100, "T", List.of(
            new ColumnDef("ID", SqlTypeName.BIGINT, -1, -1, false, null),
            new ColumnDef("NAME", SqlTypeName.VARCHAR, -1, -1, true, null),
            new ColumnDef("SCORE", SqlTypeName.DOUBLE, -1, -1, true, null),
            new ColumnDef("PRICE", SqlTypeName.DECIMAL, 10, 2, true, null)), List.of(0));
    private static final IndexDef BY_NAME = new IndexDef(101, "BY_NAME", List.of(1), List.of(false), true);
    private static final IndexDef BY_SCORE_DESC = new IndexDef(102, "BY_SCORE", List.of(2), List.of(true), false);

    private static int compare(byte[] a, byte[] b) {
        return Integer.signum(Arrays.compareUnsigned(a, b));
    }

    private static byte[] pk(Object id) throws SqlStateException {
        return KeyCodec.primaryKey(TABLE, new Object[] {id, null, null, null});
    }

    @Test
    void primaryKeysSortLikeTheirValues() throws SqlStateException {
        List<Long> ids = List.of(Long.MIN_VALUE, -5L, -1L, 0L, 1L, 7L, 1L << 40, Long.MAX_VALUE);
        for (int i = 0; i + 1 < ids.size(); i++) {
            assertEquals(-1, compare(pk(ids.get(i)), pk(ids.get(i + 1))), ids.get(i) + " < " + ids.get(i + 1));
        }
        assertEquals(-1, compare(pk(null), pk(Long.MIN_VALUE)), "NULL sorts first");
        assertArrayEquals(pk(5L), pk(5), "an Integer and a Long of one value share a key");
    }

    @Test
    void aLongKeyBuiltInOneArrayEqualsTheStreamedOne() {
        byte[] prefix = KeyCodec.tablePrefix(100);
        for (long id : new long[] {Long.MIN_VALUE, -256, -1, 0, 1, 255, 256, 1L << 40, Long.MAX_VALUE}) {
            java.io.ByteArrayOutputStream streamed = new java.io.ByteArrayOutputStream();
            streamed.writeBytes(prefix);
            KeyCodec.appendKeyValue(streamed, id);
            assertArrayEquals(streamed.toByteArray(), KeyCodec.withKeyValue(prefix, id), Long.toString(id));
        }
    }

    @Test
    void rowsStayInsideTheirTableRange() throws SqlStateException {
        byte[] start = KeyCodec.tablePrefix(100);
        byte[] end = KeyCodec.tableEnd(100);
        for (byte[] key : List.of(pk(Long.MIN_VALUE), pk(Long.MAX_VALUE), pk(null), KeyCodec.rowIdKey(100, 0),
                KeyCodec.rowIdKey(100, Long.MAX_VALUE))) {
            assertTrue(compare(start, key) <= 0 && compare(key, end) < 0);
        }
        assertEquals(-1, compare(KeyCodec.rowIdKey(100, 1), KeyCodec.rowIdKey(100, 2)));
        assertEquals(-1, compare(end, KeyCodec.indexPrefix(100, 101)), "index entries live outside every table range");
    }

    @Test
    void stringKeysSortAndNeverPrefixEachOther() throws SqlStateException {
        TableDef byName = new TableDef(7, "S", TABLE.columns(), List.of(1));
        List<String> names = List.of("", "a", "a\u0000", "a\u0000b", "ab", "b", "\u00e9");
        List<byte[]> keys = new ArrayList<>();
        for (String name : names) {
            keys.add(KeyCodec.primaryKey(byName, new Object[] {0L, name, null, null}));
        }
        for (int i = 0; i + 1 < keys.size(); i++) {
            assertEquals(-1, compare(keys.get(i), keys.get(i + 1)), names.get(i) + " < " + names.get(i + 1));
        }
    }

    @Test
    void doublesSortNumerically() throws SqlStateException {
        TableDef byScore = new TableDef(8, "D", TABLE.columns(), List.of(2));
        double[] scores = {Double.NEGATIVE_INFINITY, -1e300, -2.5, -0.0, 1e-300, 2.5, Double.POSITIVE_INFINITY};
        for (int i = 0; i + 1 < scores.length; i++) {
            byte[] a = KeyCodec.primaryKey(byScore, new Object[] {0L, null, scores[i], null});
            byte[] b = KeyCodec.primaryKey(byScore, new Object[] {0L, null, scores[i + 1], null});
            assertEquals(-1, compare(a, b), scores[i] + " < " + scores[i + 1]);
        }
        assertArrayEquals(KeyCodec.primaryKey(byScore, new Object[] {0L, null, 0.0, null}),
                KeyCodec.primaryKey(byScore, new Object[] {0L, null, -0.0, null}), "-0.0 = 0.0");
    }

    @Test
    void decimalPrimaryKeysSortAndEqualValuesShareAKey() throws SqlStateException {
        TableDef byPrice = new TableDef(9, "P", TABLE.columns(), List.of(3));
        List<String> prices = List.of("-10.5", "-0.01", "0", "0.01", "1.5", "2.25", "100");
        for (int i = 0; i + 1 < prices.size(); i++) {
            byte[] a = KeyCodec.primaryKey(byPrice, new Object[] {0L, null, null, new BigDecimal(prices.get(i))});
            byte[] b = KeyCodec.primaryKey(byPrice, new Object[] {0L, null, null, new BigDecimal(prices.get(i + 1))});
            assertEquals(-1, compare(a, b), prices.get(i) + " < " + prices.get(i + 1));
        }
        assertArrayEquals(KeyCodec.primaryKey(byPrice, new Object[] {0L, null, null, new BigDecimal("1.50")}),
                KeyCodec.primaryKey(byPrice, new Object[] {0L, null, null, new BigDecimal("1.5")}));
    }

    @Test
    void unsupportedKeyTypesAreRejected() {
        TableDef byName = new TableDef(9, "P", TABLE.columns(), List.of(1));
        assertEquals("0A000", assertThrows(SqlStateException.class,
                () -> KeyCodec.primaryKey(byName, new Object[] {0L, new Object(), null, null})).sqlState());
    }

    @Test
    void indexEntriesOrderByValueThenRowAndLeadBackToTheRow() throws SqlStateException {
        byte[] rowA = pk(1L);
        byte[] rowB = pk(2L);
        Object[] ann = {1L, "ann", 3.0, null};
        Object[] bob = {2L, "bob", 1.0, null};
        byte[] annEntry = KeyCodec.indexEntry(TABLE, BY_NAME, ann, rowA);
        byte[] bobEntry = KeyCodec.indexEntry(TABLE, BY_NAME, bob, rowB);
        assertEquals(-1, compare(annEntry, bobEntry));
        byte[] annValues = KeyCodec.indexValues(TABLE, BY_NAME, ann, true);
        assertArrayEquals(rowA, KeyCodec.rowKeyOfEntry(annEntry, annValues.length));
        assertTrue(compare(KeyCodec.indexPrefix(100, 101), annEntry) < 0
                && compare(annEntry, KeyCodec.indexEnd(100, 101)) < 0);
        // Equal values from two rows: distinct entries, one values prefix (what UNIQUE checks).
        byte[] twin = KeyCodec.indexEntry(TABLE, BY_NAME, new Object[] {2L, "ann", 0.0, null}, rowB);
        assertNotEquals(0, compare(annEntry, twin));
        assertArrayEquals(annValues, Arrays.copyOf(twin, annValues.length));
    }

    @Test
    void descendingColumnsInvertTheOrder() {
        byte[] high = KeyCodec.indexEntry(TABLE, BY_SCORE_DESC, new Object[] {1L, null, 3.0, null}, new byte[] {1});
        byte[] low = KeyCodec.indexEntry(TABLE, BY_SCORE_DESC, new Object[] {2L, null, 1.0, null}, new byte[] {2});
        assertEquals(-1, compare(high, low));
    }

    @Test
    void nullsNeverCollideInUniqueIndexes() {
        assertNull(KeyCodec.indexValues(TABLE, BY_NAME, new Object[] {1L, null, 1.0, null}, true));
        byte[] entry = KeyCodec.indexEntry(TABLE, BY_NAME, new Object[] {1L, null, 1.0, null}, new byte[] {9});
        assertEquals(-1, compare(entry, KeyCodec.indexEntry(TABLE, BY_NAME, new Object[] {1L, "", 1.0, null}, new byte[] {9})),
                "NULL sorts before every value, the empty string included");
    }

    @Test
    void decimalsAndBytesInIndexes() {
        IndexDef byPrice = new IndexDef(103, "BY_PRICE", List.of(3), List.of(false), true);
        byte[] a = KeyCodec.indexValues(TABLE, byPrice, new Object[] {1L, null, null, new BigDecimal("1.50")}, true);
        byte[] b = KeyCodec.indexValues(TABLE, byPrice, new Object[] {1L, null, null, new BigDecimal("1.5")}, true);
        byte[] c = KeyCodec.indexValues(TABLE, byPrice, new Object[] {1L, null, null, new BigDecimal("2.25")}, true);
        assertArrayEquals(a, b, "equal decimals, equal keys");
        assertEquals(-1, compare(a, c));
        IndexDef byBytes = new IndexDef(104, "BY_BYTES", List.of(1), List.of(false), false);
        byte[] x = KeyCodec.indexValues(TABLE, byBytes, new Object[] {1L, new ByteString(new byte[] {0, 1}), null, null}, true);
        byte[] y = KeyCodec.indexValues(TABLE, byBytes, new Object[] {1L, new ByteString(new byte[] {1}), null, null}, true);
        assertEquals(-1, compare(x, y));
    }
}
