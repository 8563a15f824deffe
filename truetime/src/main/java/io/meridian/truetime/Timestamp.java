package io.meridian.truetime;

import java.nio.ByteBuffer;

/**
 * A point in Meridian time: physical microseconds since the Unix epoch plus a logical counter
 * that orders events within one microsecond (HLC style). Totally ordered; the byte form of
 * {@link #encode()} sorts the same way, so it can sit inside storage keys.
 */
public record Timestamp(long physicalMicros, int logical) implements Comparable<Timestamp> {
    public static final int ENCODED_BYTES = 12;
    public static final Timestamp MIN = new Timestamp(0, 0);
    public static final Timestamp MAX = new Timestamp(Long.MAX_VALUE, Integer.MAX_VALUE);

    public Timestamp {
        if (physicalMicros < 0 || logical < 0) {
            throw new IllegalArgumentException("negative timestamp " + physicalMicros + "." + logical);
        }
    }

    public static Timestamp ofMicros(long physicalMicros) {
        return new Timestamp(physicalMicros, 0);
    }

    /** The smallest timestamp strictly greater than this one. */
    public Timestamp next() {
        return logical == Integer.MAX_VALUE ? new Timestamp(physicalMicros + 1, 0) : new Timestamp(physicalMicros, logical + 1);
    }

    public boolean isAfter(Timestamp other) {
        return compareTo(other) > 0;
    }

    public boolean isBefore(Timestamp other) {
        return compareTo(other) < 0;
    }

    public static Timestamp max(Timestamp a, Timestamp b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    @Override
    public int compareTo(Timestamp other) {
        int c = Long.compare(physicalMicros, other.physicalMicros);
        return c != 0 ? c : Integer.compare(logical, other.logical);
    }

    /** Big-endian, both parts non-negative: unsigned byte order equals timestamp order. */
    public byte[] encode() {
        return ByteBuffer.allocate(ENCODED_BYTES).putLong(physicalMicros).putInt(logical).array();
    }

    public static Timestamp decode(byte[] bytes, int offset) {
        ByteBuffer buffer = ByteBuffer.wrap(bytes, offset, ENCODED_BYTES);
        return new Timestamp(buffer.getLong(), buffer.getInt());
    }

    @Override
    public String toString() {
        return physicalMicros + "." + logical;
    }
}
