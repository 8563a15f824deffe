package io.meridian.paxos.sim;

import org.junit.jupiter.api.Test;

/**
 * Every seed that ever failed, replayed with the chaos length it failed at. A seed names a whole
 * run only for one version of the harness (changing the harness's use of randomness reshuffles
 * every run), so each bug also has a focused test in {@code PaxosNodeTest} or {@code PaxosReplicaTest}
 * that does not depend on the harness.
 */
class SimulationRegressionTest {
    private static void replay(long seed) {
        Simulation.withSeed(seed, Profile.STEPS_DEFAULT).run();
    }

    /**
     * A follower rejected every batch that arrived ahead of a gap, and the leader answered each
     * reject by resending its whole window: under reordering every resent batch drew more rejects,
     * over 10,000 messages in one tick with almost nothing in flight before it. Followers now
     * accept batches out of order and the leader retransmits only from heartbeats.
     * See {@code PaxosNodeTest.outOfOrderBatchesAreAcceptedWithoutRetransmissionStorm}.
     */
    @Test
    void seed12_gapRejectRetransmissionStorm() {
        replay(12);
    }

    /** The same storm, also self-sustaining (two messages in flight when it began). */
    @Test
    void seed80_gapRejectRetransmissionStorm() {
        replay(80);
    }

    /** The same storm on top of a large backlog of delayed and duplicated messages. */
    @Test
    void seed35_gapRejectStormUnderBacklog() {
        replay(35);
    }
}
