package io.meridian.paxos.core;

/**
 * A proposal number: rounds order ballots, the node id breaks ties so no two nodes share one.
 *
 * <p>A ballot with a negative node id is a pre-vote: (r, -n) asks "would you promise (r, n)?".
 * No replica ever promises or accepts such a ballot, so an answer to a pre-vote can never be
 * mistaken for a real promise, and pre-vote needs no message types of its own on the wire.
 */
public record Ballot(long round, int nodeId) implements Comparable<Ballot> {
    public static final Ballot ZERO = new Ballot(0, 0);

    static Ballot preVote(long round, int nodeId) {
        return new Ballot(round, -nodeId);
    }

    public boolean isPreVote() {
        return nodeId < 0;
    }

    /** For a pre-vote, the ballot it asks about. */
    Ballot candidate() {
        return new Ballot(round, Math.abs(nodeId));
    }

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
        return isPreVote() ? round + ".pre" + (-nodeId) : round + "." + nodeId;
    }
}
