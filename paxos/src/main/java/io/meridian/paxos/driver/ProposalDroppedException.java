package io.meridian.paxos.driver;

/** Another value was chosen for the slot this proposal took: it will never commit. */
public final class ProposalDroppedException extends Exception {
    public ProposalDroppedException(long index) {
        super("proposal at slot " + index + " was superseded by a new leader");
    }
}
