package io.meridian.paxos.driver;

/**
 * This replica leads but already holds its bound of proposed, not yet chosen slots (followers are
 * slow or unreachable). Push back: retry later rather than queue without bound.
 */
public final class ReplicaBusyException extends Exception {
    private static final long serialVersionUID = 1L;

    public ReplicaBusyException(int nodeId) {
        super("leader " + nodeId + " has too many proposals in flight; retry later");
    }
}
