package io.meridian.paxos.core;

import java.util.List;

/**
 * What the driver must do next, in this order: persist {@code entries} and {@code hardState}
 * (synced), then send {@code messages}, then apply {@code committed}, then call advance.
 */
public record Ready(List<LogEntry> entries, HardState hardState, List<PaxosMessage> messages,
        List<LogEntry> committed) {
    public boolean isEmpty() {
        return entries.isEmpty() && hardState == null && messages.isEmpty() && committed.isEmpty();
    }

    /** Persisting must be synced whenever a promise or an accepted value would otherwise be lost. */
    public boolean mustSync() {
        return !entries.isEmpty() || hardState != null;
    }
}
