package io.meridian.bench.replication;

import java.util.SplittableRandom;

/** Incompressible printable values, so neither store gains from compressing them. */
final class Values {
    static final int KEYS_PER_CLIENT = 1000;
    private static final char[] ALPHABET = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789".toCharArray();

    private Values() {
    }

    static String next(SplittableRandom random, int bytes) {
        char[] value = new char[bytes];
        for (int i = 0; i < bytes; i++) {
            value[i] = ALPHABET[random.nextInt(ALPHABET.length)];
        }
        return new String(value);
    }
}
