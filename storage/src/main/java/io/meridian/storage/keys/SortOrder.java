package io.meridian.storage.keys;

/**
 * The order of one key column. A descending column is the ascending encoding with every bit
 * inverted, so its values (NULL included) sort in exactly the reverse order: ascending puts NULL
 * first, descending puts it last.
 */
public enum SortOrder {
    ASCENDING(0x00),
    DESCENDING(0xFF);

    final int mask;

    SortOrder(int mask) {
        this.mask = mask;
    }
}
