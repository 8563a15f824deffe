package io.meridian.paxos.driver;

/**
 * The replica's loop executor no longer runs tasks (it was shut down): the call was not, and will
 * never be, handled here. A proposal may still have been chosen if it left before the stop.
 */
public final class ReplicaStoppedException extends Exception {
    public ReplicaStoppedException(long groupId, int nodeId) {
        super("replica stopped: node " + nodeId + " of group " + groupId + " (its loop executor was shut down)");
    }
}
