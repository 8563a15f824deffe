package io.meridian.txn;

import io.meridian.range.RangeDirectory;
import io.meridian.truetime.Clock;
import io.meridian.truetime.TrueTime;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Starts read-write transactions against the tablets of one directory and owns the leader-side
 * lock table. Limits are explicit so every wait and buffer is bounded.
 */
public final class TransactionManager {
    private final TrueTime trueTime;
    private final RangeDirectory directory;
    private final LockTable locks;
    private final AtomicLong nextTxnId;
    private final Limits limits;

    /** Bounds on lock waits, commit time, transaction size and scan pages. */
    public record Limits(long lockWaitMillisMax, long commitMillisMax, int writesPerTxnMax, int locksMax,
            int scanPageRows) {
        public static Limits defaults() {
            return new Limits(5_000, 10_000, 100_000, 1_000_000, 1_024);
        }
    }

    public TransactionManager(TrueTime trueTime, Clock clock, RangeDirectory directory, Limits limits) {
        this.trueTime = trueTime;
        this.directory = directory;
        this.limits = limits;
        this.locks = new LockTable(clock, limits.lockWaitMillisMax(), limits.locksMax());
        // Ids start at the current time in micros so a restarted node does not reuse them.
        this.nextTxnId = new AtomicLong(trueTime.now().latestMicros());
    }

    /** One clock reading: it orders the transaction for wound-wait and dates the start of its reads. */
    public Transaction begin() {
        return new Transaction(nextTxnId.incrementAndGet(), trueTime.now(), this);
    }

    TrueTime trueTime() {
        return trueTime;
    }

    RangeDirectory directory() {
        return directory;
    }

    LockTable locks() {
        return locks;
    }

    long commitMillisMax() {
        return limits.commitMillisMax();
    }

    int writesPerTxnMax() {
        return limits.writesPerTxnMax();
    }

    int scanPageRows() {
        return limits.scanPageRows();
    }

    /** Locks currently held, for tests and metrics. */
    public int locksHeld() {
        return locks.size();
    }
}
