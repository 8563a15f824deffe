package io.meridian.truetime;

import io.micrometer.core.instrument.Timer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Non-blocking commit wait: a future that completes, on the scheduler's thread, once
 * {@code after(s)} holds. It asks the clock how long to wait, sleeps that long on the scheduler
 * (no thread is held and nothing spins), then checks again; an honest estimate makes that one or
 * two wake-ups.
 */
public final class CommitWait {
    /**
     * Wake-ups per wait before giving up. Each wake-up comes only after the scheduler let the
     * clock's own estimate pass, so reaching this means the scheduler fires early or the clock
     * stands still: a bug, reported as a failed future rather than an endless loop.
     */
    static final int WAKEUPS_MAX = 64;

    private final TrueTime trueTime;
    private final Clock clock;
    private final WaitScheduler scheduler;
    private final Timer waitTimer;

    /**
     * @param clock the node's clock, used only to time the waits for the metric
     */
    public CommitWait(TrueTime trueTime, Clock clock, WaitScheduler scheduler, TrueTimeMetrics metrics) {
        this.trueTime = trueTime;
        this.clock = clock;
        this.scheduler = scheduler;
        this.waitTimer = metrics.commitWaitTimer("async");
    }

    public CommitWait(TrueTime trueTime, Clock clock, WaitScheduler scheduler) {
        this(trueTime, clock, scheduler, TrueTimeMetrics.none());
    }

    /** Completes with {@code s} once {@code after(s)} holds; already complete if it holds now. */
    public CompletableFuture<Timestamp> untilAfter(Timestamp s) {
        long startMicros = clock.nowMicros();
        CompletableFuture<Timestamp> done = new CompletableFuture<>();
        check(s, startMicros, done, 0);
        return done;
    }

    private void check(Timestamp s, long startMicros, CompletableFuture<Timestamp> done, int wakeups) {
        try {
            long remainingMicros = trueTime.microsUntilAfter(s);
            if (remainingMicros == 0) {
                waitTimer.record(Math.max(0, clock.nowMicros() - startMicros), TimeUnit.MICROSECONDS);
                done.complete(s);
            } else if (wakeups >= WAKEUPS_MAX) {
                done.completeExceptionally(new IllegalStateException("commit wait for " + s + " still "
                        + remainingMicros + " us short after " + wakeups + " wake-ups: the scheduler fires early or the clock stopped"));
            } else {
                scheduler.schedule(remainingMicros, () -> check(s, startMicros, done, wakeups + 1));
            }
        } catch (RuntimeException e) {
            done.completeExceptionally(e);
        }
    }
}
