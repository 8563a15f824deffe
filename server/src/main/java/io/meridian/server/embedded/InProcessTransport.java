package io.meridian.server.embedded;

import io.meridian.paxos.core.PaxosMessage;
import io.meridian.paxos.driver.PaxosReplica;
import io.meridian.paxos.driver.PaxosTransport;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;

/** Delivers Paxos messages between replicas in one process by enqueueing on the target's loop. */
final class InProcessTransport implements PaxosTransport {
    private final Map<Integer, PaxosReplica> replicas = new ConcurrentHashMap<>();
    private volatile boolean closed;

    void register(PaxosReplica replica) {
        replicas.put(replica.nodeId(), replica);
    }

    @Override
    public void send(long groupId, PaxosMessage message) {
        PaxosReplica target = replicas.get(message.to());
        if (target == null || closed) {
            return;
        }
        try {
            target.receive(message);
        } catch (RejectedExecutionException e) {
            // The target's loop is shutting down: the message is lost, as on a network.
        }
    }

    /** Drops every later message; called first when the cluster shuts down. */
    void close() {
        closed = true;
    }
}
