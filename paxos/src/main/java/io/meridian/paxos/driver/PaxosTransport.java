package io.meridian.paxos.driver;

import io.meridian.paxos.core.PaxosMessage;

/** Carries a group's messages to its other replicas; may drop, delay or reorder them. */
public interface PaxosTransport {
    void send(long groupId, PaxosMessage message);
}
