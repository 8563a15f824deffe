package io.meridian.sqllogictest;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/** The format's result hash: MD5 over each rendered value followed by a newline, as lowercase hex. */
public final class ResultHasher {
    private ResultHasher() {
    }

    public static String md5(List<String> values) {
        MessageDigest md5;
        try {
            md5 = MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has MD5", e);
        }
        for (String value : values) {
            md5.update(value.getBytes(StandardCharsets.UTF_8));
            md5.update((byte) '\n');
        }
        return HexFormat.of().formatHex(md5.digest());
    }

    /** The expected-block line that stands for {@code values}: "N values hashing to HEX". */
    public static String hashLine(List<String> values) {
        return values.size() + " values hashing to " + md5(values);
    }
}
