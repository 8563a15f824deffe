package io.meridian.storage;

import io.meridian.truetime.Timestamp;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;

/**
 * The physical layout of an MVCC version key: escape(userKey) 0x00 0x01 then the timestamp with
 * every bit inverted, so versions of one key sort newest first and user keys keep their order.
 * Escaping 0x00 as 0x00 0xFF makes the user key self-delimiting: "a" can never interleave with
 * "a\0...".
 */
final class MvccKeys {
    private static final byte ESCAPE = 0x00;
    private static final byte ESCAPED_ZERO = (byte) 0xFF;
    private static final byte TERMINATOR = 0x01;

    private MvccKeys() {
    }

    static byte[] prefix(byte[] userKey) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(userKey.length + 2 + Timestamp.ENCODED_BYTES);
        for (byte b : userKey) {
            out.write(b);
            if (b == ESCAPE) {
                out.write(ESCAPED_ZERO);
            }
        }
        out.write(ESCAPE);
        out.write(TERMINATOR);
        return out.toByteArray();
    }

    static byte[] versionKey(byte[] userKey, Timestamp ts) {
        byte[] prefix = prefix(userKey);
        byte[] encodedTs = ts.encode();
        byte[] key = Arrays.copyOf(prefix, prefix.length + encodedTs.length);
        for (int i = 0; i < encodedTs.length; i++) {
            key[prefix.length + i] = (byte) ~encodedTs[i];
        }
        return key;
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

    static byte[] userKey(byte[] versionKey) {
        int end = prefixLength(versionKey) - 2;
        ByteArrayOutputStream out = new ByteArrayOutputStream(end);
        for (int i = 0; i < end; i++) {
            out.write(versionKey[i]);
            if (versionKey[i] == ESCAPE) {
                i++;
            }
        }
        return out.toByteArray();
    }

    static Timestamp timestamp(byte[] versionKey) {
        int start = prefixLength(versionKey);
        byte[] inverted = new byte[Timestamp.ENCODED_BYTES];
        for (int i = 0; i < inverted.length; i++) {
            inverted[i] = (byte) ~versionKey[start + i];
        }
        return Timestamp.decode(inverted, 0);
    }
}
