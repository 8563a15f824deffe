package io.meridian.paxos.core;

import java.util.List;

/**
 * What the driver must do next, in this order: persist {@code entries} and {@code hardState}
 * (synced), then send {@code messages}, then apply {@code committed}, then stage
 * {@code snapshotChunk} (if non-null; the last chunk of a snapshot is installed, atomically
 * replacing the state machine's state, before the call returns), then call advance.
 */
public record Ready(List<LogEntry> entries, HardState hardState, List<PaxosMessage> messages,
        List<LogEntry> committed, PaxosMessage.InstallSnapshot snapshotChunk) {
    public Ready(List<LogEntry> entries, HardState hardState, List<PaxosMessage> messages, List<LogEntry> committed) {
        this(entries, hardState, messages, committed, null);
    }

    public boolean isEmpty() {
        return entries.isEmpty() && hardState == null && messages.isEmpty() && committed.isEmpty()
                && snapshotChunk == null;
    }

    /** Persisting must be synced whenever a promise or an accepted value would otherwise be lost. */
    public boolean mustSync() {
        return !entries.isEmpty() || hardState != null;
    }
}
