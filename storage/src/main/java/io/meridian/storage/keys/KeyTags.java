package io.meridian.storage.keys;

/**
 * The first byte of every encoded value. Tags ascend in the order values of different kinds sort;
 * NULL has the smallest so it sorts first in an ascending column. No tag is 0x00 or 0xFF, so an
 * ascending value never starts with a byte its descending form could also start with.
 */
final class KeyTags {
    static final int NULL = 0x01;
    static final int FALSE = 0x10;
    static final int TRUE = 0x11;
    /** Negative integers: 0x20 + (8 - n) where n is the payload length; -1 has no payload. */
    static final int INT_NEGATIVE_BASE = 0x20;
    /** Non-negative integers: 0x29 + n where n is the payload length; 0 has no payload. */
    static final int INT_POSITIVE_BASE = 0x29;
    static final int INT_FIRST = INT_NEGATIVE_BASE;
    static final int INT_LAST = INT_POSITIVE_BASE + 8;
    static final int DOUBLE = 0x38;
    static final int STRING = 0x40;
    static final int BYTES = 0x48;
    static final int DATE = 0x50;
    static final int TIMESTAMP = 0x58;

    /** Inside strings and byte strings: 0x00 is written 0x00 0xFF, the end is 0x00 0x01. */
    static final int ESCAPE = 0x00;
    static final int ESCAPED_ZERO = 0xFF;
    static final int TERMINATOR = 0x01;

    private KeyTags() {
    }
}
