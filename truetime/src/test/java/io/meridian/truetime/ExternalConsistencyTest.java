package io.meridian.truetime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meridian.truetime.master.TimeMaster;
import io.meridian.truetime.master.TimeMasterConfig;
import io.meridian.truetime.master.TimeMasterTrueTime;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The commit-wait rule end to end: commits on nodes with different offsets and drifts, each
 * waiting through {@link CommitWait}, checked by {@link ExternalConsistencyChecker}. Honest clocks
 * must give no violation; a lying ε or a stepped clock must give some, or the check proves nothing.
 */
class ExternalConsistencyTest {
    private static final long START_MICROS = 1_700_000_000_000_000L;
    private static final long SIMULATED_MICROS = 90_000_000; // three polls of the sawtooth per run
    private static final long BASE_SEED = Long.getLong("truetime.seed", 42L);
    private static final int SEEDS = 8;

    private record Cluster(CommitSimulation simulation, List<TimeMasterTrueTime> trueTimes, List<DriftingClock> clocks) {
    }

    private static Cluster timeMasterCluster(long seed, SimpleMeterRegistry registry) {
        SplittableRandom random = new SplittableRandom(seed);
        ManualClock reference = new ManualClock(START_MICROS);
        CommitSimulation simulation = new CommitSimulation(reference, random.split());
        List<TimeMasterTrueTime> trueTimes = new ArrayList<>();
        List<DriftingClock> clocks = new ArrayList<>();
        for (String region : List.of("us-east", "eu-west", "ap-south")) {
            TimeMaster master = new TimeMaster(region, reference, TimeMaster.UNCERTAINTY_MICROS_DEFAULT, random.split());
            for (int n = 0; n < 2; n++) {
                String name = region + "-" + n;
                DriftingClock clock = DriftingClock.random(reference, random.split(), 500_000,
                        TimeMasterConfig.DEFAULT.assumedDriftPpm());
                TimeMasterTrueTime trueTime = new TimeMasterTrueTime(clock, master, TimeMasterConfig.DEFAULT,
                        TrueTimeMetrics.of(registry, "node", name));
                simulation.node(new CommitSimulation.Node(name, trueTime, clock));
                trueTimes.add(trueTime);
                clocks.add(clock);
            }
        }
        return new Cluster(simulation, trueTimes, clocks);
    }

    @Test
    void commitWaitGivesExternalConsistencyAcrossDriftingNodes() {
        for (long seed = BASE_SEED; seed < BASE_SEED + SEEDS; seed++) {
            Cluster cluster = timeMasterCluster(seed, new SimpleMeterRegistry());
            ExternalConsistencyChecker checker = cluster.simulation().run(SIMULATED_MICROS);
            assertTrue(checker.commitCount() > 40_000, "seed=" + seed + " commits " + checker.commitCount());
            List<ExternalConsistencyChecker.Violation> violations = checker.violations(3);
            assertTrue(violations.isEmpty(), "seed=" + seed + " (replay with -Dtruetime.seed=" + seed + "): " + violations);
            // One task starts each commit; an honest estimate wakes each waiter once, rarely twice.
            long tasksPerCommitMax = 3;
            long tasks = cluster.simulation().scheduler().scheduledCount();
            assertTrue(tasks <= tasksPerCommitMax * checker.commitCount(), "seed=" + seed + " " + tasks + " tasks for "
                    + checker.commitCount() + " commits: waiters poll");
        }
    }

    @Test
    void checkerFindsViolationsWhenEveryNodeLiesAboutEpsilon() {
        for (long seed = BASE_SEED; seed < BASE_SEED + SEEDS; seed++) {
            Cluster cluster = timeMasterCluster(seed, new SimpleMeterRegistry());
            cluster.trueTimes().forEach(trueTime -> trueTime.lieAboutEpsilon(0.0));
            ExternalConsistencyChecker checker = cluster.simulation().run(SIMULATED_MICROS / 3);
            assertFalse(checker.violations(1).isEmpty(), "seed=" + seed + ": ε of zero must break external consistency");
        }
    }

    @Test
    void checkerFindsViolationsWhenOneNodeUnderstatesEpsilon() {
        int violating = 0;
        for (long seed = BASE_SEED; seed < BASE_SEED + SEEDS; seed++) {
            Cluster cluster = timeMasterCluster(seed, new SimpleMeterRegistry());
            cluster.trueTimes().get(0).lieAboutEpsilon(0.25);
            violating += cluster.simulation().run(SIMULATED_MICROS).violations(1).isEmpty() ? 0 : 1;
        }
        assertTrue(violating >= SEEDS / 2, "one node at a quarter of its ε broke only " + violating + " of " + SEEDS + " runs");
    }

    @Test
    void checkerFindsViolationsWhenANodeClockIsSteppedBetweenPolls() {
        for (long seed = BASE_SEED; seed < BASE_SEED + SEEDS; seed++) {
            SimpleMeterRegistry registry = new SimpleMeterRegistry();
            Cluster cluster = timeMasterCluster(seed, registry);
            DriftingClock victim = cluster.clocks().get(3);
            cluster.simulation().at(START_MICROS + 5_000_000, () -> victim.skew(-30_000));
            // 45 s: the victim's next poll (30 s after start, by its own clock) falls inside the run.
            assertFalse(cluster.simulation().run(SIMULATED_MICROS / 2).violations(1).isEmpty(),
                    "seed=" + seed + ": a node 30 ms behind must commit below earlier commits");
            assertEquals(1.0, registry.get(TrueTimeMetrics.SYNC_FAULTS).tag("node", "eu-west-1").counter().count(),
                    "seed=" + seed + ": the next poll must report the step");
        }
    }

    @Test
    void hlcNodesWithinMaxOffsetAreExternallyConsistentAndBeyondItAreNot() {
        long maxOffsetMicros = 2_000;
        for (long seed = BASE_SEED; seed < BASE_SEED + SEEDS; seed++) {
            assertTrue(runHlcCluster(seed, maxOffsetMicros, 0).violations(1).isEmpty(), "seed=" + seed);
            assertFalse(runHlcCluster(seed, maxOffsetMicros, -3 * maxOffsetMicros).violations(1).isEmpty(),
                    "seed=" + seed + ": a node 3 * maxOffset behind must be caught");
        }
    }

    private static ExternalConsistencyChecker runHlcCluster(long seed, long maxOffsetMicros, long lastNodeSkewMicros) {
        SplittableRandom random = new SplittableRandom(seed);
        ManualClock reference = new ManualClock(START_MICROS);
        CommitSimulation simulation = new CommitSimulation(reference, random.split()).commitGapMicrosMax(1_000);
        for (int n = 0; n < 5; n++) {
            DriftingClock clock = DriftingClock.random(reference, random.split(), maxOffsetMicros, 0);
            if (n == 4) {
                clock.skew(lastNodeSkewMicros - clock.offsetMicros());
            }
            simulation.node(new CommitSimulation.Node("n" + n, new HlcTrueTime(clock, maxOffsetMicros), clock));
        }
        return simulation.run(SIMULATED_MICROS / 9);
    }
}
