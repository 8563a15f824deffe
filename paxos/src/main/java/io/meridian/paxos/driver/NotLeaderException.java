package io.meridian.paxos.driver;

/** This replica does not lead its group; {@link #leaderHint()} is the leader it knows of, or -1. */
public final class NotLeaderException extends Exception {
    private final int leaderHint;

    public NotLeaderException(int leaderHint) {
        super("not the leader; leader hint " + leaderHint);
        this.leaderHint = leaderHint;
    }

    public int leaderHint() {
        return leaderHint;
    }
}
