package io.meridian.storage;

import io.meridian.truetime.Timestamp;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * The physical layout of an MVCC version key: escape(userKey) 0x00 0x01 then the timestamp with
 * every bit inverted, so versions of one key sort newest first and user keys keep their order.
 * Escaping 0x00 as 0x00 0xFF makes the user key self-delimiting: "a" can never interleave with
 * "a\0...". The escaped key with its terminator is the key's <em>prefix</em>; no prefix is a prefix
 * of another, so all versions of one user key are contiguous and
 * {@code prefix(a) < prefix(b)} exactly when {@code a < b}.
 */
final class MvccKeys {
    static final int TIMESTAMP_BYTES = Timestamp.ENCODED_BYTES;
    private static final byte ESCAPE = 0x00;
    private static final byte ESCAPED_ZERO = (byte) 0xFF;
    private static final byte TERMINATOR = 0x01;

    private MvccKeys() {
    }

    static byte[] prefix(byte[] userKey) {
        return prefix(userKey, 0);
    }

    /** Length of {@code prefix(userKey)}. */
    static int prefixLengthOf(byte[] userKey) {
        int zeros = 0;
        for (byte b : userKey) {
            if (b == ESCAPE) {
                zeros++;
            }
        }
        return userKey.length + zeros + 2;
    }

    /** The prefix in a new array with {@code extraBytes} left free after it. */
    private static byte[] prefix(byte[] userKey, int extraBytes) {
        byte[] prefix = new byte[prefixLengthOf(userKey) + extraBytes];
        int at = 0;
        for (byte b : userKey) {
            prefix[at++] = b;
            if (b == ESCAPE) {
                prefix[at++] = ESCAPED_ZERO;
            }
        }
        prefix[at++] = ESCAPE;
        prefix[at] = TERMINATOR;
        return prefix;
    }

    static byte[] versionKey(byte[] userKey, Timestamp ts) {
        byte[] key = prefix(userKey, TIMESTAMP_BYTES);
        writeInverted(ts, key, key.length - TIMESTAMP_BYTES);
        return key;
    }

    /** prefix ‖ ~ts: the version at {@code ts}, and the seek target for "newest version at or below ts". */
    static byte[] withTimestamp(byte[] prefix, Timestamp ts) {
        return withTimestamp(prefix, prefix.length, ts);
    }

    /** As above for the prefix that is the first {@code prefixLength} bytes of {@code source}. */
    static byte[] withTimestamp(byte[] source, int prefixLength, Timestamp ts) {
        byte[] key = Arrays.copyOf(source, prefixLength + TIMESTAMP_BYTES);
        writeInverted(ts, key, prefixLength);
        return key;
    }

    /** ~encode(ts), for comparing against the timestamp bytes of version keys without decoding. */
    static byte[] invertedTimestamp(Timestamp ts) {
        byte[] out = new byte[TIMESTAMP_BYTES];
        writeInverted(ts, out, 0);
        return out;
    }

    private static void writeInverted(Timestamp ts, byte[] target, int offset) {
        long physical = ~ts.physicalMicros();
        for (int i = 0; i < 8; i++) {
            target[offset + i] = (byte) (physical >>> (56 - 8 * i));
        }
        int logical = ~ts.logical();
        for (int i = 0; i < 4; i++) {
            target[offset + 8 + i] = (byte) (logical >>> (24 - 8 * i));
        }
    }

    /** Exclusive upper bound of every version of the key with this prefix: the terminator raised by one. */
    static byte[] prefixEnd(byte[] source, int prefixLength) {
        byte[] end = Arrays.copyOf(source, prefixLength);
        end[prefixLength - 1]++;
        return end;
    }

    /** Length of the escaped prefix including its terminator, or -1 when the key is malformed. */
    static int prefixLength(byte[] versionKey) {
        for (int i = 0; i + 1 < versionKey.length; i++) {
            if (versionKey[i] == ESCAPE) {
                if (versionKey[i + 1] == TERMINATOR) {
                    return i + 2;
                }
                i++;
            }
        }
        return -1;
    }

    /** The prefix length of a key read from the mvcc family, which must be a well-formed version key. */
    static int checkedPrefixLength(byte[] versionKey) {
        int length = prefixLength(versionKey);
        if (length <= 0 || versionKey.length != length + TIMESTAMP_BYTES) {
            throw Invariants.violated("malformed mvcc version key of %s bytes (prefix length %s)", versionKey.length, length);
        }
        return length;
    }

    static boolean hasPrefix(byte[] key, byte[] prefix) {
        return hasPrefix(key, prefix, prefix.length);
    }

    /** True when the key in {@code key} (position 0 to limit) starts with the first prefixLength bytes of source. */
    static boolean hasPrefix(ByteBuffer key, byte[] source, int prefixLength) {
        if (key.limit() < prefixLength) {
            return false;
        }
        for (int i = 0; i < prefixLength; i++) {
            if (key.get(i) != source[i]) {
                return false;
            }
        }
        return true;
    }

    /** The timestamp of the version key in {@code key} (position 0 to limit). */
    static Timestamp timestamp(ByteBuffer key, int prefixLength) {
        long physical = ~key.getLong(prefixLength);
        int logical = ~key.getInt(prefixLength + 8);
        return new Timestamp(physical, logical);
    }

    /** True when {@code key} starts with the first {@code prefixLength} bytes of {@code source}. */
    static boolean hasPrefix(byte[] key, byte[] source, int prefixLength) {
        return key.length >= prefixLength && Arrays.equals(key, 0, prefixLength, source, 0, prefixLength);
    }

    /** True when the version's timestamp is later than the one whose inverted bytes are given. */
    static boolean isAfter(byte[] versionKey, int prefixLength, byte[] invertedTs) {
        return Arrays.compareUnsigned(versionKey, prefixLength, prefixLength + TIMESTAMP_BYTES, invertedTs, 0, TIMESTAMP_BYTES) < 0;
    }

    static byte[] userKey(byte[] versionKey, int prefixLength) {
        int escapedEnd = prefixLength - 2;
        int zeros = 0;
        for (int i = 0; i < escapedEnd; i++) {
            if (versionKey[i] == ESCAPE) {
                zeros++;
                i++;
            }
        }
        if (zeros == 0) {
            return Arrays.copyOf(versionKey, escapedEnd);
        }
        byte[] userKey = new byte[escapedEnd - zeros];
        int at = 0;
        for (int i = 0; i < escapedEnd; i++) {
            userKey[at++] = versionKey[i];
            if (versionKey[i] == ESCAPE) {
                i++;
            }
        }
        return userKey;
    }

    static byte[] userKey(byte[] versionKey) {
        return userKey(versionKey, checkedPrefixLength(versionKey));
    }

    static Timestamp timestamp(byte[] versionKey, int prefixLength) {
        long physical = 0;
        for (int i = 0; i < 8; i++) {
            physical = (physical << 8) | (~versionKey[prefixLength + i] & 0xFF);
        }
        int logical = 0;
        for (int i = 0; i < 4; i++) {
            logical = (logical << 8) | (~versionKey[prefixLength + 8 + i] & 0xFF);
        }
        return new Timestamp(physical, logical);
    }

    static Timestamp timestamp(byte[] versionKey) {
        return timestamp(versionKey, checkedPrefixLength(versionKey));
    }
}
