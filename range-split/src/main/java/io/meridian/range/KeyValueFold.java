package io.meridian.range;

/**
 * A computation a tablet runs over the rows of a key range next to its data, so that only its
 * result travels (SQL's partial aggregates, for example). Rows arrive in key order.
 */
@FunctionalInterface
public interface KeyValueFold {
    void accept(byte[] key, byte[] value);
}
