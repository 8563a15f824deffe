package io.meridian.txn;

/**
 * Carries a {@link TxnAbortedException} or {@link TxnUnavailableException} out of a scan
 * iterator, whose methods cannot throw checked exceptions. Callers unwrap {@link #getCause()}.
 */
public final class TxnScanException extends RuntimeException {
    public TxnScanException(Exception cause) {
        super(cause.getMessage(), cause);
    }
}
