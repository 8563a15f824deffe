package io.meridian.truetime;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A seeded, single-threaded run of commits on several nodes sharing one reference clock (true
 * time): commits start at random true times on random nodes, take {@code nextTimestamp()} and
 * finish through {@link CommitWait} on a {@link ManualScheduler}; an
 * {@link ExternalConsistencyChecker} gets every commit. Nothing sleeps.
 */
public final class CommitSimulation {
    /** A node as the simulation drives it: its TrueTime and the local clock that times its waits. */
    public record Node(String name, TrueTime trueTime, Clock localClock) {
    }

    private final ManualClock reference;
    private final ManualScheduler scheduler;
    private final SplittableRandom random;
    private final List<Node> nodes = new ArrayList<>();
    private final ExternalConsistencyChecker checker = new ExternalConsistencyChecker();
    private long commitGapMicrosMax = 3_000;
    private long startedCount;
    private Throwable firstFailure;

    public CommitSimulation(ManualClock reference, SplittableRandom random) {
        this.reference = reference;
        this.scheduler = new ManualScheduler(reference);
        this.random = random;
    }

    public CommitSimulation node(Node node) {
        nodes.add(node);
        return this;
    }

    /** Gaps between commit starts are uniform in [0, max]: small against ε, so waits overlap. */
    public CommitSimulation commitGapMicrosMax(long micros) {
        this.commitGapMicrosMax = micros;
        return this;
    }

    public ManualScheduler scheduler() {
        return scheduler;
    }

    /** Runs an action at a true time, e.g. a fault; call before {@link #run}. */
    public CommitSimulation at(long trueMicros, Runnable action) {
        scheduler.schedule(trueMicros - reference.nowMicros(), action);
        return this;
    }

    /** Starts commits for {@code durationMicros} of true time and runs until every wait finished. */
    public ExternalConsistencyChecker run(long durationMicros) {
        long endMicros = reference.nowMicros() + durationMicros;
        scheduleNextStart(endMicros);
        while (scheduler.runNext()) {
            // Every task either finishes a commit, wakes a waiter or starts the next commit.
        }
        if (firstFailure != null) {
            throw new AssertionError("a commit wait failed", firstFailure);
        }
        if (checker.commitCount() != startedCount) {
            throw new AssertionError("started " + startedCount + " commits, finished " + checker.commitCount());
        }
        return checker;
    }

    private void scheduleNextStart(long endMicros) {
        long gapMicros = random.nextLong(commitGapMicrosMax + 1);
        if (reference.nowMicros() + gapMicros > endMicros) {
            return;
        }
        scheduler.schedule(gapMicros, () -> {
            startCommit();
            scheduleNextStart(endMicros);
        });
    }

    private void startCommit() {
        Node node = nodes.get(random.nextInt(nodes.size()));
        long startMicros = reference.nowMicros();
        Timestamp s = node.trueTime().nextTimestamp();
        startedCount++;
        new CommitWait(node.trueTime(), node.localClock(), scheduler).untilAfter(s)
                .whenComplete((ts, failure) -> {
                    if (failure != null) {
                        firstFailure = firstFailure == null ? failure : firstFailure;
                        return;
                    }
                    checker.record(new ExternalConsistencyChecker.Commit(node.name(), startMicros, reference.nowMicros(), ts));
                });
    }
}
