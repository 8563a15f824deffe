package io.meridian.paxos.driver;

/**
 * A membership change cannot start now: another is in progress here or still unchosen in the log,
 * or this leader has not yet committed an entry of its own ballot. Retry later.
 */
public final class MembershipChangeBusyException extends Exception {
    private static final long serialVersionUID = 1L;

    public MembershipChangeBusyException(String message) {
        super(message);
    }
}
