package io.meridian.server.cluster;

import java.util.SplittableRandom;

/**
 * The simulated geography: how long a message from this node's region to another region takes
 * (one way), with jitter drawn from a seeded source.
 */
final class LatencyModel {
    private final Topology topology;
    private final String localRegion;
    private final SplittableRandom random;

    LatencyModel(Topology topology, String localRegion, long seed) {
        this.topology = topology;
        this.localRegion = localRegion;
        this.random = new SplittableRandom(seed);
    }

    /** Delay for a message to a node in {@code region}, in milliseconds. */
    synchronized long delayMillisTo(String region) {
        int base = topology.latencyMillis(localRegion, region);
        if (base <= 0) {
            return 0;
        }
        return base + (topology.jitterMillis() > 0 ? random.nextInt(topology.jitterMillis() + 1) : 0);
    }
}
