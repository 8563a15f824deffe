package io.meridian.paxos.driver;

import io.meridian.paxos.core.LogEntry;

/**
 * What a group replicates into. {@link #apply} must record the entry's index atomically with its
 * effects, and {@link #appliedIndex} must return that durable index after a restart.
 */
public interface StateMachine {
    void apply(LogEntry entry);

    long appliedIndex();
}
