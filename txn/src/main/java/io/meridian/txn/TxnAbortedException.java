package io.meridian.txn;

/** The transaction was aborted (wounded by an older one, or timed out waiting); retry it. */
public final class TxnAbortedException extends Exception {
    public TxnAbortedException(String message) {
        super(message);
    }
}
