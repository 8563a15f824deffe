package io.meridian.paxos.core;

/** A proposal number: rounds order ballots, the node id breaks ties so no two nodes share one. */
public record Ballot(long round, int nodeId) implements Comparable<Ballot> {
    public static final Ballot ZERO = new Ballot(0, 0);

    @Override
    public int compareTo(Ballot other) {
        int c = Long.compare(round, other.round);
        return c != 0 ? c : Integer.compare(nodeId, other.nodeId);
    }

    public boolean isAbove(Ballot other) {
        return compareTo(other) > 0;
    }

    @Override
    public String toString() {
        return round + "." + nodeId;
    }
}
