package io.meridian.truetime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

class CommitWaitTest {
    private static final long START_MICROS = 1_700_000_000_000_000L;

    @Test
    void completesOnceAfterHoldsAndNotBefore() {
        ManualClock clock = new ManualClock(START_MICROS);
        ManualScheduler scheduler = new ManualScheduler(clock);
        HlcTrueTime tt = new HlcTrueTime(clock, 4_000);
        Timestamp s = tt.nextTimestamp();

        CompletableFuture<Timestamp> done = new CommitWait(tt, clock, scheduler).untilAfter(s);

        assertFalse(done.isDone(), "nothing completes on the calling thread before time passes");
        assertEquals(1, scheduler.pendingCount());
        scheduler.runUntil(START_MICROS + 8_000);
        assertFalse(done.isDone(), "at 2 * maxOffset, earliest == s: not yet after");
        scheduler.runAll(100);
        assertTrue(done.isDone() && tt.after(s));
        assertEquals(s, done.join());
        assertEquals(START_MICROS + 8_001, clock.nowMicros(), "woke exactly when after(s) began to hold");
        assertEquals(1, scheduler.scheduledCount(), "one wake-up, no polling");
    }

    @Test
    void alreadyPassedCompletesImmediatelyWithoutScheduling() {
        ManualClock clock = new ManualClock(START_MICROS);
        ManualScheduler scheduler = new ManualScheduler(clock);
        HlcTrueTime tt = new HlcTrueTime(clock, 1_000);
        CompletableFuture<Timestamp> done = new CommitWait(tt, clock, scheduler).untilAfter(Timestamp.ofMicros(START_MICROS - 5_000));
        assertTrue(done.isDone());
        assertEquals(0, scheduler.scheduledCount());
    }

    @Test
    void schedulerThatRefusesFailsTheFuture() {
        ManualClock clock = new ManualClock(START_MICROS);
        HlcTrueTime tt = new HlcTrueTime(clock, 1_000);
        WaitScheduler shutDown = (delayMicros, task) -> {
            throw new RejectedExecutionException("shut down");
        };
        CompletableFuture<Timestamp> done = new CommitWait(tt, clock, shutDown).untilAfter(tt.nextTimestamp());
        assertTrue(done.isCompletedExceptionally());
    }

    @Test
    void schedulerThatFiresEarlyForeverFailsAfterABoundedNumberOfWakeups() {
        ManualClock clock = new ManualClock(START_MICROS);
        HlcTrueTime tt = new HlcTrueTime(clock, 1_000);
        Queue<Runnable> queue = new ArrayDeque<>();
        WaitScheduler firesAtOnce = (delayMicros, task) -> queue.add(task); // the clock never moves
        CompletableFuture<Timestamp> done = new CommitWait(tt, clock, firesAtOnce).untilAfter(tt.nextTimestamp());
        int ran = 0;
        while (!queue.isEmpty() && ran < 1_000) {
            queue.poll().run();
            ran++;
        }
        assertEquals(CommitWait.WAKEUPS_MAX, ran);
        ExecutionException failure = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class, done::get);
        assertInstanceOf(IllegalStateException.class, failure.getCause());
    }

    @Test
    void recordsAsyncWaitDurations() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        ManualClock clock = new ManualClock(START_MICROS);
        ManualScheduler scheduler = new ManualScheduler(clock);
        HlcTrueTime tt = new HlcTrueTime(clock, 2_000);
        CommitWait commitWait = new CommitWait(tt, clock, scheduler, TrueTimeMetrics.of(registry, "node", "n1"));
        for (int i = 0; i < 10; i++) {
            commitWait.untilAfter(tt.nextTimestamp());
            scheduler.runAll(100);
        }
        var timer = registry.get(TrueTimeMetrics.COMMIT_WAIT).tags("mode", "async", "node", "n1").timer();
        assertEquals(10, timer.count());
        assertEquals(4_001, timer.mean(TimeUnit.MICROSECONDS), 1.0);
    }

    @Test
    void worksOnARealScheduledExecutor() throws Exception {
        ScheduledExecutorService executor = new ScheduledThreadPoolExecutor(1);
        try {
            HlcTrueTime tt = new HlcTrueTime(SystemClock.INSTANCE, 200); // a real wait of about 0.4 ms
            Timestamp s = tt.nextTimestamp();
            Timestamp done = new CommitWait(tt, SystemClock.INSTANCE, WaitScheduler.of(executor)).untilAfter(s)
                    .get(10, TimeUnit.SECONDS);
            assertEquals(s, done);
            assertTrue(tt.after(s));
        } catch (TimeoutException e) {
            throw new AssertionError("commit wait on a real executor did not finish", e);
        } finally {
            executor.shutdownNow();
        }
    }
}
