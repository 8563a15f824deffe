package io.meridian.storage;

import io.meridian.truetime.Timestamp;
import java.time.Duration;
import java.util.Optional;

/**
 * How far back MVCC history is kept: reads at timestamps within {@code retention} of now, and at or
 * after the oldest read still running, must see what they would have seen without GC.
 */
public record GcPolicy(Duration retention) {
    public static final Duration RETENTION_DEFAULT = Duration.ofHours(1);

    public GcPolicy {
        if (retention.isNegative()) {
            throw new IllegalArgumentException("negative GC retention " + retention);
        }
    }

    public static GcPolicy defaults() {
        return new GcPolicy(RETENTION_DEFAULT);
    }

    /**
     * The {@code pruneBefore} to pass to {@link RocksStorage#gc}: now minus the retention, but never
     * later than the oldest active read timestamp, so that read keeps every version it can see.
     */
    public Timestamp pruneBefore(Timestamp now, Optional<Timestamp> oldestActiveRead) {
        long micros = Math.max(0, now.physicalMicros() - retention.toNanos() / 1000);
        Timestamp byRetention = Timestamp.ofMicros(micros);
        return oldestActiveRead.filter(read -> read.isBefore(byRetention)).orElse(byRetention);
    }
}
