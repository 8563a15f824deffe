package io.meridian.truetime;

import java.util.Comparator;
import java.util.PriorityQueue;

/**
 * A {@link WaitScheduler} on simulated time: tasks wait in a queue until the test runs them, and
 * running one moves the {@link ManualClock} to its due time. Single-threaded; deterministic (ties
 * run in scheduling order).
 */
public final class ManualScheduler implements WaitScheduler {
    private record Task(long dueMicros, long sequence, Runnable action) {
    }

    private final ManualClock clock;
    private final PriorityQueue<Task> tasks =
            new PriorityQueue<>(Comparator.comparingLong(Task::dueMicros).thenComparingLong(Task::sequence));
    private long scheduledCount;

    public ManualScheduler(ManualClock clock) {
        this.clock = clock;
    }

    @Override
    public void schedule(long delayMicros, Runnable task) {
        tasks.add(new Task(clock.nowMicros() + Math.max(0, delayMicros), scheduledCount++, task));
    }

    /** Runs the earliest task, first moving the clock to its due time; false when none is queued. */
    public boolean runNext() {
        Task task = tasks.poll();
        if (task == null) {
            return false;
        }
        if (task.dueMicros() > clock.nowMicros()) {
            clock.setMicros(task.dueMicros());
        }
        task.action().run();
        return true;
    }

    /** Runs every task due at or before {@code micros}, then leaves the clock at {@code micros}. */
    public void runUntil(long micros) {
        while (!tasks.isEmpty() && tasks.peek().dueMicros() <= micros) {
            runNext();
        }
        if (micros > clock.nowMicros()) {
            clock.setMicros(micros);
        }
    }

    /** Runs tasks until none is left or {@code tasksMax} ran; returns how many ran. */
    public int runAll(int tasksMax) {
        int ran = 0;
        while (ran < tasksMax && runNext()) {
            ran++;
        }
        return ran;
    }

    public int pendingCount() {
        return tasks.size();
    }

    /** Tasks ever scheduled: how tests see that a waiter woke a bounded number of times. */
    public long scheduledCount() {
        return scheduledCount;
    }
}
