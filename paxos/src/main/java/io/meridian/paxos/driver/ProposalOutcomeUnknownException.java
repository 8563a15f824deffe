package io.meridian.paxos.driver;

/**
 * The proposal's slot was decided while this replica was away, and it learned the outcome only
 * through a snapshot, which holds the state, not the values: the command may or may not have been
 * chosen. Callers check (or retry idempotently).
 */
public final class ProposalOutcomeUnknownException extends Exception {
    private static final long serialVersionUID = 1L;

    public ProposalOutcomeUnknownException(long index) {
        super("slot " + index + " was decided elsewhere and installed here from a snapshot; outcome unknown");
    }
}
