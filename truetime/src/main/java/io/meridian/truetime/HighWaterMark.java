package io.meridian.truetime;

/**
 * A durable upper bound on the timestamps a clock has issued, so that a restarted node never
 * issues a timestamp at or below one it issued before, even when its clock came back behind.
 * The clock stores a bound ahead of what it issues and rewrites it only when it catches up,
 * so the store is rare (about once per persist window of clock progress).
 */
public interface HighWaterMark {
    /** The last stored bound in microseconds, or 0 when nothing was stored yet. */
    long loadMicros();

    /**
     * Stores a bound; durable when this returns. Bounds only grow.
     *
     * @throws java.io.UncheckedIOException when the bound could not be made durable
     */
    void storeMicros(long boundMicros);

    /** A bound that lives only in memory: for tests and for nodes whose restarts need no guarantee. */
    static HighWaterMark inMemory() {
        return new HighWaterMark() {
            private long boundMicros;

            @Override
            public synchronized long loadMicros() {
                return boundMicros;
            }

            @Override
            public synchronized void storeMicros(long boundMicros) {
                if (boundMicros <= this.boundMicros) {
                    throw new IllegalArgumentException("high-water mark must grow: stored " + this.boundMicros
                            + ", asked " + boundMicros);
                }
                this.boundMicros = boundMicros;
            }
        };
    }
}
