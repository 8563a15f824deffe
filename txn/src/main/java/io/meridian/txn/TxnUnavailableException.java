package io.meridian.txn;

/**
 * The transaction could not reach a tablet leader, or its commit outcome is unknown because
 * replication did not answer within the bound ({@link #outcomeUnknown()}).
 */
public final class TxnUnavailableException extends Exception {
    private final boolean outcomeUnknown;

    public TxnUnavailableException(String message, boolean outcomeUnknown, Throwable cause) {
        super(message, cause);
        this.outcomeUnknown = outcomeUnknown;
    }

    public boolean outcomeUnknown() {
        return outcomeUnknown;
    }
}
