package io.meridian.storage.keys;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Property: for random composite keys of random schemas, the unsigned byte order of the encodings
 * is the SQL order of the values (nulls first, descending columns reversed), and decoding gives the
 * values back.
 */
class KeyEncoderTest {
    private static final long SEED = Long.getLong("keys.seed", 20240611L);
    private static final int SCHEMAS = 200;
    private static final int KEYS_PER_SCHEMA = 60;

    enum Kind { BOOLEAN, LONG, DOUBLE, STRING, BYTES, DATE, TIMESTAMP }

    record Column(Kind kind, SortOrder order) {
    }

    @Test
    void encodedOrderIsValueOrderForRandomCompositeKeys() {
        SplittableRandom random = new SplittableRandom(SEED);
        long comparisons = 0;
        for (int s = 0; s < SCHEMAS; s++) {
            List<Column> schema = randomSchema(random);
            List<List<Object>> rows = new ArrayList<>();
            for (int k = 0; k < KEYS_PER_SCHEMA; k++) {
                rows.add(randomRow(random, schema));
            }
            List<byte[]> keys = new ArrayList<>();
            for (List<Object> row : rows) {
                byte[] key = encode(schema, row);
                assertRoundTrip(schema, row, key);
                keys.add(key);
            }
            for (int i = 0; i < rows.size(); i++) {
                for (int j = 0; j < rows.size(); j++) {
                    int expected = Integer.signum(compareRows(schema, rows.get(i), rows.get(j)));
                    int actual = Integer.signum(Arrays.compareUnsigned(keys.get(i), keys.get(j)));
                    assertEquals(expected, actual, () -> "seed=" + SEED + " schema=" + schema);
                    comparisons++;
                }
            }
        }
        assertTrue(comparisons > 100_000);
    }

    @Test
    void integersAtEveryPayloadLengthKeepOrder() {
        List<Long> values = new ArrayList<>(List.of(Long.MIN_VALUE, Long.MAX_VALUE, 0L, -1L, 1L));
        for (int shift = 0; shift < 63; shift++) {
            long p = 1L << shift;
            values.addAll(List.of(p, p - 1, p + 1, -p, -p - 1, -p + 1));
        }
        values.sort(Long::compare);
        byte[] previous = null;
        for (long v : values) {
            byte[] key = new KeyEncoder().writeLong(v).toBytes();
            assertEquals(v, new KeyDecoder(key).readLong());
            if (previous != null) {
                assertTrue(Arrays.compareUnsigned(previous, key) <= 0, "order broken at " + v);
            }
            previous = key;
        }
        assertEquals(1, new KeyEncoder().writeLong(0).length());
        assertEquals(1, new KeyEncoder().writeLong(-1).length());
        assertEquals(2, new KeyEncoder().writeLong(200).length());
        assertEquals(9, new KeyEncoder().writeLong(Long.MIN_VALUE).length());
    }

    @Test
    void doublesOrderNegativeZeroAsZeroAndNaNLast() {
        byte[] negativeZero = new KeyEncoder().writeDouble(-0.0).toBytes();
        byte[] zero = new KeyEncoder().writeDouble(0.0).toBytes();
        assertArrayEquals(zero, negativeZero);
        byte[] infinity = new KeyEncoder().writeDouble(Double.POSITIVE_INFINITY).toBytes();
        byte[] nan = new KeyEncoder().writeDouble(Double.NaN).toBytes();
        byte[] otherNan = new KeyEncoder().writeDouble(Double.longBitsToDouble(0xFFF0_0000_0000_0001L)).toBytes();
        assertArrayEquals(nan, otherNan);
        assertTrue(Arrays.compareUnsigned(infinity, nan) < 0);
        assertTrue(Double.isNaN(new KeyDecoder(nan).readDouble()));
        byte[] negativeInfinity = new KeyEncoder().writeDouble(Double.NEGATIVE_INFINITY).toBytes();
        byte[] lowest = new KeyEncoder().writeDouble(-Double.MAX_VALUE).toBytes();
        assertTrue(Arrays.compareUnsigned(negativeInfinity, lowest) < 0);
    }

    @Test
    void nullsSortFirstAscendingAndLastDescending() {
        byte[] nullAsc = new KeyEncoder().writeNull().toBytes();
        byte[] minAsc = new KeyEncoder().writeLong(Long.MIN_VALUE).toBytes();
        byte[] falseAsc = new KeyEncoder().writeBoolean(false).toBytes();
        byte[] emptyString = new KeyEncoder().writeString("").toBytes();
        assertTrue(Arrays.compareUnsigned(nullAsc, minAsc) < 0);
        assertTrue(Arrays.compareUnsigned(nullAsc, falseAsc) < 0);
        assertTrue(Arrays.compareUnsigned(nullAsc, emptyString) < 0);
        byte[] nullDesc = new KeyEncoder().writeNull(SortOrder.DESCENDING).toBytes();
        byte[] maxDesc = new KeyEncoder().writeLong(Long.MIN_VALUE, SortOrder.DESCENDING).toBytes();
        assertTrue(Arrays.compareUnsigned(maxDesc, nullDesc) < 0);
        assertTrue(new KeyDecoder(nullDesc).isNull(SortOrder.DESCENDING));
    }

    @Test
    void stringsAreSelfDelimitingAndOrderedByCodePoint() {
        String[] ordered = {"", "\0", "\0\0", "\0a", "a", "a\0", "a\0\0", "a\u0001", "ab", "b", "\u00e9", "\uffff", "\ud83d\ude00"};
        for (SortOrder order : SortOrder.values()) {
            for (int i = 0; i + 1 < ordered.length; i++) {
                byte[] a = new KeyEncoder().writeString(ordered[i], order).writeLong(Long.MAX_VALUE).toBytes();
                byte[] b = new KeyEncoder().writeString(ordered[i + 1], order).writeLong(Long.MIN_VALUE).toBytes();
                int expected = order == SortOrder.ASCENDING ? -1 : 1;
                assertEquals(expected, Integer.signum(Arrays.compareUnsigned(a, b)), ordered[i] + " vs " + ordered[i + 1]);
                KeyDecoder decoder = new KeyDecoder(a);
                assertEquals(ordered[i], decoder.readString(order));
                assertEquals(Long.MAX_VALUE, decoder.readLong());
                assertFalse(decoder.hasRemaining());
            }
        }
        assertThrows(IllegalArgumentException.class, () -> new KeyEncoder().writeString("bad\ud800"));
        assertThrows(IllegalArgumentException.class, () -> new KeyEncoder().writeString("\udc00bad"));
    }

    @Test
    void tableIndexPrefixAndPrefixEnd() {
        byte[] table = new KeyEncoder().tableIndex(42, 1).toBytes();
        byte[] row = new KeyEncoder().tableIndex(42, 1).writeString("zz").toBytes();
        byte[] nextIndex = new KeyEncoder().tableIndex(42, 2).toBytes();
        byte[] end = KeyEncoder.prefixEnd(table);
        assertTrue(Arrays.compareUnsigned(table, row) < 0);
        assertTrue(Arrays.compareUnsigned(row, end) < 0);
        assertTrue(Arrays.compareUnsigned(end, nextIndex) <= 0);
        KeyDecoder decoder = new KeyDecoder(row);
        assertEquals(42, decoder.readLong());
        assertEquals(1, decoder.readLong());
        assertEquals("zz", decoder.readString());
        assertArrayEquals(new byte[0], KeyEncoder.prefixEnd(new byte[] {(byte) 0xFF, (byte) 0xFF}));
        assertArrayEquals(new byte[] {2}, KeyEncoder.prefixEnd(new byte[] {1, (byte) 0xFF}));
        assertThrows(IllegalArgumentException.class, () -> new KeyEncoder().tableIndex(-1, 0));
    }

    @Test
    void malformedKeysAreRejected() {
        byte[] truncated = Arrays.copyOf(new KeyEncoder().writeLong(1L << 40).toBytes(), 3);
        assertThrows(KeyFormatException.class, () -> new KeyDecoder(truncated).readLong());
        byte[] unterminated = Arrays.copyOf(new KeyEncoder().writeString("abc").toBytes(), 4);
        assertThrows(KeyFormatException.class, () -> new KeyDecoder(unterminated).readString());
        assertThrows(KeyFormatException.class, () -> new KeyDecoder(new byte[] {0x77}).readValue(SortOrder.ASCENDING));
        assertThrows(KeyFormatException.class, () -> new KeyDecoder(new KeyEncoder().writeLong(5).toBytes()).readString());
    }

    // ---- the model ----

    private static byte[] encode(List<Column> schema, List<Object> row) {
        KeyEncoder encoder = new KeyEncoder().tableIndex(7, 3);
        for (int i = 0; i < schema.size(); i++) {
            encoder.write(row.get(i), schema.get(i).order());
        }
        return encoder.toBytes();
    }

    private static void assertRoundTrip(List<Column> schema, List<Object> row, byte[] key) {
        KeyDecoder decoder = new KeyDecoder(key);
        assertEquals(7, decoder.readLong());
        assertEquals(3, decoder.readLong());
        for (int i = 0; i < schema.size(); i++) {
            Object decoded = decoder.readValue(schema.get(i).order());
            assertEquals(0, compareValues(row.get(i), decoded), () -> "round trip of " + row + " schema " + schema);
        }
        assertFalse(decoder.hasRemaining());
    }

    private static int compareRows(List<Column> schema, List<Object> a, List<Object> b) {
        for (int i = 0; i < schema.size(); i++) {
            int c = compareValues(a.get(i), b.get(i));
            if (c != 0) {
                return schema.get(i).order() == SortOrder.ASCENDING ? c : -c;
            }
        }
        return 0;
    }

    /** SQL order: NULL first; doubles with -0.0 == 0.0 and NaN last; strings by code point. */
    private static int compareValues(Object a, Object b) {
        if (a == null || b == null) {
            return a == null ? (b == null ? 0 : -1) : 1;
        }
        if (a instanceof Boolean x) {
            return Boolean.compare(x, (Boolean) b);
        } else if (a instanceof Long x) {
            return Long.compare(x, (Long) b);
        } else if (a instanceof Double x) {
            return Double.compare(x == 0.0 ? 0.0 : x, (Double) b == 0.0 ? 0.0 : (Double) b);
        } else if (a instanceof String x) {
            return Arrays.compare(x.codePoints().toArray(), ((String) b).codePoints().toArray());
        } else if (a instanceof byte[] x) {
            return Arrays.compareUnsigned(x, (byte[]) b);
        } else if (a instanceof LocalDate x) {
            return x.compareTo((LocalDate) b);
        } else if (a instanceof Instant x) {
            return x.compareTo((Instant) b);
        }
        throw new AssertionError(a.getClass());
    }

    private static List<Column> randomSchema(SplittableRandom random) {
        List<Column> schema = new ArrayList<>();
        int columns = 1 + random.nextInt(4);
        for (int i = 0; i < columns; i++) {
            Kind kind = Kind.values()[random.nextInt(Kind.values().length)];
            schema.add(new Column(kind, random.nextBoolean() ? SortOrder.ASCENDING : SortOrder.DESCENDING));
        }
        return schema;
    }

    private static List<Object> randomRow(SplittableRandom random, List<Column> schema) {
        List<Object> row = new ArrayList<>();
        for (Column column : schema) {
            row.add(random.nextInt(8) == 0 ? null : randomValue(random, column.kind()));
        }
        return row;
    }

    private static final long[] EDGE_LONGS = {Long.MIN_VALUE, Long.MIN_VALUE + 1, -65536, -256, -255, -2, -1, 0, 1, 255, 256, 65535, Long.MAX_VALUE};
    private static final double[] EDGE_DOUBLES = {Double.NEGATIVE_INFINITY, -Double.MAX_VALUE, -1.5, -Double.MIN_VALUE, -0.0, 0.0,
            Double.MIN_VALUE, 1.0, 1.5, Double.MAX_VALUE, Double.POSITIVE_INFINITY, Double.NaN};
    private static final String[] ALPHABET = {"", "\0", "a", "b", "\u0001", "\u00ff", "\u00e9", "\u20ac", "\uffff", "\ud83d\ude00"};

    private static Object randomValue(SplittableRandom random, Kind kind) {
        switch (kind) {
            case BOOLEAN:
                return random.nextBoolean();
            case LONG:
                return random.nextBoolean() ? EDGE_LONGS[random.nextInt(EDGE_LONGS.length)]
                        : random.nextLong() >> random.nextInt(64);
            case DOUBLE:
                return random.nextBoolean() ? EDGE_DOUBLES[random.nextInt(EDGE_DOUBLES.length)]
                        : Double.longBitsToDouble(random.nextLong());
            case STRING: {
                StringBuilder s = new StringBuilder();
                int length = random.nextInt(4);
                for (int i = 0; i < length; i++) {
                    s.append(ALPHABET[random.nextInt(ALPHABET.length)]);
                }
                return s.toString();
            }
            case BYTES: {
                byte[] bytes = new byte[random.nextInt(4)];
                for (int i = 0; i < bytes.length; i++) {
                    int pick = random.nextInt(4);
                    bytes[i] = (byte) (pick == 0 ? 0 : pick == 1 ? 0xFF : pick == 2 ? 1 : random.nextInt(256));
                }
                return bytes;
            }
            case DATE:
                return LocalDate.ofEpochDay(random.nextLong(-1_000_000, 1_000_000));
            case TIMESTAMP:
                return Instant.ofEpochSecond(random.nextLong(-10_000_000_000L, 10_000_000_000L),
                        random.nextBoolean() ? 0 : random.nextInt(1_000_000_000));
            default:
                throw new AssertionError(kind);
        }
    }
}
