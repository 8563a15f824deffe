package io.meridian.storage;

/** A write of one user key: a value, or a tombstone when {@code value} is null. */
public record Mutation(byte[] key, byte[] value) {
    public static Mutation put(byte[] key, byte[] value) {
        if (value == null) {
            throw new IllegalArgumentException("put needs a value; use delete for a tombstone");
        }
        return new Mutation(key, value);
    }

    public static Mutation delete(byte[] key) {
        return new Mutation(key, null);
    }

    public boolean isDelete() {
        return value == null;
    }
}
