package io.meridian.range;

import java.util.ArrayList;
import java.util.List;

/**
 * Maps keys to tablets. Tablets cover the key space without gaps or overlaps, in key order.
 * Today a database starts with one tablet; splits will add entries here.
 */
public final class RangeDirectory {
    private final List<Tablet> tablets;

    public RangeDirectory(List<Tablet> tablets) {
        if (tablets.isEmpty()) {
            throw new IllegalArgumentException("a directory needs at least one tablet");
        }
        this.tablets = List.copyOf(tablets);
    }

    public Tablet tabletFor(byte[] key) {
        for (Tablet t : tablets) {
            if (t.range().contains(key)) {
                return t;
            }
        }
        throw new IllegalStateException("no tablet covers key of length " + key.length);
    }

    /** The tablets overlapping [startKey, endKey), in key order. */
    public List<Tablet> tabletsOverlapping(byte[] startKey, byte[] endKey) {
        List<Tablet> out = new ArrayList<>();
        for (Tablet t : tablets) {
            if (t.range().overlaps(startKey, endKey)) {
                out.add(t);
            }
        }
        return out;
    }
}
