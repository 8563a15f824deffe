package io.meridian.paxos.sim;

import java.util.SplittableRandom;

/**
 * How hostile one simulated run is. Drawn from the seed, so one number replays the whole run.
 * Rates are per step (crash, restart, partition, forced campaign, propose, leader transfer) or per message (drop,
 * duplicate); {@code epsilonMicros} bounds every node's clock error (one tick is {@link Simulation#TICK_MICROS}).
 */
record Profile(int nodes, int steps, double dropRate, double duplicateRate, int delayTicksMax,
        double longDelayRate, int longDelayTicksMax, double crashRate, double restartRate, double partitionRate,
        double campaignRate, double proposeRate, double tickSkewRate, int entriesPerMessageMax, boolean preVote, int cachedAppliedSlotsMax,
        long epsilonMicros, double transferRate) {

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
                random.nextBoolean() ? 0 : random.nextDouble() * 0.004);
    }
}
