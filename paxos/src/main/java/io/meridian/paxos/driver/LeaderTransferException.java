package io.meridian.paxos.driver;

/** A leader transfer did not happen: the target did not win in time, or another replica did. */
public final class LeaderTransferException extends Exception {
    public LeaderTransferException(String message) {
        super(message);
    }
}
