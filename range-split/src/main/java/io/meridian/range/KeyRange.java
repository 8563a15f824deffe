package io.meridian.range;

import java.util.Arrays;

/** The half-open key range [startKey, endKey); an empty endKey means "to the end of the key space". */
public record KeyRange(byte[] startKey, byte[] endKey) {
    public static final KeyRange EVERYTHING = new KeyRange(new byte[0], new byte[0]);

    public boolean contains(byte[] key) {
        return Arrays.compareUnsigned(key, startKey) >= 0 && (endKey.length == 0 || Arrays.compareUnsigned(key, endKey) < 0);
    }

    public boolean overlaps(byte[] start, byte[] end) {
        boolean startsBeforeOurEnd = endKey.length == 0 || Arrays.compareUnsigned(start, endKey) < 0;
        boolean endsAfterOurStart = end.length == 0 || Arrays.compareUnsigned(end, startKey) > 0;
        return startsBeforeOurEnd && endsAfterOurStart;
    }
}
