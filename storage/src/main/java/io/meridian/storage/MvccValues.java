package io.meridian.storage;

import java.nio.ByteBuffer;
import java.util.Arrays;

/** The stored form of a version: 0x01 followed by the row bytes, or the single byte 0x00 for a tombstone. */
final class MvccValues {
    private static final byte LIVE = 1;
    private static final byte TOMBSTONE = 0;
    private static final byte[] TOMBSTONE_VALUE = {TOMBSTONE};

    private MvccValues() {
    }

    static byte[] encode(Mutation mutation) {
        if (mutation.isDelete()) {
            return TOMBSTONE_VALUE;
        }
        byte[] value = mutation.value();
        byte[] out = new byte[value.length + 1];
        out[0] = LIVE;
        System.arraycopy(value, 0, out, 1, value.length);
        return out;
    }

    static boolean isLive(byte[] stored) {
        if (!wellFormed(stored, stored.length)) {
            throw Invariants.violated("malformed mvcc value of %s bytes", stored.length);
        }
        return stored[0] == LIVE;
    }

    /** The row of a stored value held in the first {@code length} bytes of {@code buffer}; null for a tombstone. */
    static byte[] payloadIfLive(byte[] buffer, int length) {
        if (!wellFormed(buffer, length)) {
            throw Invariants.violated("malformed mvcc value of %s bytes", length);
        }
        return buffer[0] == LIVE ? Arrays.copyOfRange(buffer, 1, length) : null;
    }

    /** The row of the stored value in {@code stored} (position 0 to limit); null for a tombstone. */
    static byte[] payloadIfLive(ByteBuffer stored) {
        int length = stored.limit();
        if (length == 0 || (stored.get(0) != LIVE && (stored.get(0) != TOMBSTONE || length != 1))) {
            throw Invariants.violated("malformed mvcc value of %s bytes", length);
        }
        if (stored.get(0) == TOMBSTONE) {
            return null;
        }
        byte[] row = new byte[length - 1];
        stored.get(1, row);
        return row;
    }

    private static boolean wellFormed(byte[] buffer, int length) {
        return length > 0 && (buffer[0] == LIVE || (buffer[0] == TOMBSTONE && length == 1));
    }

    static byte[] payload(byte[] stored) {
        return Arrays.copyOfRange(stored, 1, stored.length);
    }
}
