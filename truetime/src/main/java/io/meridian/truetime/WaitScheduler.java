package io.meridian.truetime;

import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Runs a task once a delay has passed. Production adapts a {@link ScheduledExecutorService}
 * (a Netty event loop is one, so commit waits finish on the loop that asked, without blocking it);
 * tests and the simulator pass a scheduler driven by simulated time.
 */
@FunctionalInterface
public interface WaitScheduler {
    /**
     * Runs {@code task} after about {@code delayMicros}; never runs it on the calling thread before
     * returning.
     *
     * @throws java.util.concurrent.RejectedExecutionException when the scheduler is shut down
     */
    void schedule(long delayMicros, Runnable task);

    static WaitScheduler of(ScheduledExecutorService executor) {
        return (delayMicros, task) -> executor.schedule(task, delayMicros, TimeUnit.MICROSECONDS);
    }
}
