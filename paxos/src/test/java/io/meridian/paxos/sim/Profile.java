package io.meridian.paxos.sim;

import io.meridian.paxos.core.Compaction;
import java.util.SplittableRandom;

/**
 * How hostile one simulated run is. Drawn from the seed, so one number replays the whole run.
 * Rates are per step (crash, restart, partition, forced campaign, propose, leader transfer,
 * membership change) or per message (drop, duplicate); {@code epsilonMicros} bounds every node's
 * clock error (one tick is {@link Simulation#TICK_MICROS}). {@code spareNodes} replicas run from
 * the start outside the group, for membership changes to add. {@code loopDeferRate} is the chance
 * that an event handed to a replica waits in its loop's queue (until a later event or the next
 * tick runs the loop), so several messages, proposals and ticks are handled in one drain, as a
 * busy loop thread does; 0 runs every event at once.
 */
record Profile(int nodes, int steps, double dropRate, double duplicateRate, int delayTicksMax,
        double longDelayRate, int longDelayTicksMax, double crashRate, double restartRate, double partitionRate,
        double campaignRate, double proposeRate, double tickSkewRate, int entriesPerMessageMax, boolean preVote, int cachedAppliedSlotsMax,
        long epsilonMicros, double transferRate, Compaction compaction, int spareNodes, double membershipRate,
        double loopDeferRate) {

    static final int STEPS_DEFAULT = 3000;

    static Profile random(SplittableRandom random, int steps) {
        int nodes = random.nextInt(10) < 7 ? 3 : 5;
        boolean longDelays = random.nextBoolean();
        return new Profile(nodes, steps,
                random.nextDouble() * 0.2,
                random.nextDouble() * 0.1,
                random.nextInt(6),
                longDelays ? 0.02 : 0,
                30,
                0.001 + random.nextDouble() * 0.006,
                0.01 + random.nextDouble() * 0.03,
                0.001 + random.nextDouble() * 0.006,
                random.nextBoolean() ? 0 : random.nextDouble() * 0.005,
                0.05 + random.nextDouble() * 0.15,
                random.nextDouble() * 0.2,
                1 + random.nextInt(16),
                random.nextInt(5) > 0,
                random.nextBoolean() ? random.nextInt(64) : 1024,
                random.nextInt(4) == 0 ? 0 : random.nextLong(Simulation.TICK_MICROS + 1),
                random.nextBoolean() ? 0 : random.nextDouble() * 0.004,
                compaction(random),
                random.nextInt(3),
                random.nextInt(3) == 0 ? 0 : 0.001 + random.nextDouble() * 0.004,
                // Drawn last, so every other parameter of a seed is what it was before batching.
                random.nextBoolean() ? 0 : 0.3 + random.nextDouble() * 0.65);
    }

    /** The same run with every event handled at once (how seeds that failed before batching ran). */
    Profile withoutDeferredLoops() {
        return new Profile(nodes, steps, dropRate, duplicateRate, delayTicksMax, longDelayRate, longDelayTicksMax,
                crashRate, restartRate, partitionRate, campaignRate, proposeRate, tickSkewRate, entriesPerMessageMax,
                preVote, cachedAppliedSlotsMax, epsilonMicros, transferRate, compaction, spareNodes, membershipRate, 0);
    }

    /** The same run with pre-vote off (a fifth of the drawn runs have it off anyway). */
    Profile withoutPreVote() {
        return new Profile(nodes, steps, dropRate, duplicateRate, delayTicksMax, longDelayRate, longDelayTicksMax,
                crashRate, restartRate, partitionRate, campaignRate, proposeRate, tickSkewRate, entriesPerMessageMax,
                false, cachedAppliedSlotsMax, epsilonMicros, transferRate, compaction, spareNodes, membershipRate,
                loopDeferRate);
    }

    /**
     * Small thresholds so that most runs snapshot every few dozen slots, with small chunks (several
     * per snapshot, yet few enough that a stop-and-wait transfer fits in the heal budget) and little log kept behind a snapshot: replicas that fall behind through a
     * crash or a partition come back by snapshot. One run in four never compacts.
     */
    private static Compaction compaction(SplittableRandom random) {
        if (random.nextInt(4) == 0) {
            return Compaction.NONE;
        }
        return new Compaction(3 + random.nextInt(40), random.nextInt(3) == 0 ? 0 : random.nextInt(30),
                32 + random.nextInt(480));
    }
}
