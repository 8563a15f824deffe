package io.meridian.storage;

/** Paxos log requests persisted and the synced writes that carried them. */
public record LogCommitStats(long requests, long syncedWrites) {
    /** Requests per synced write: how much group commit shared. */
    public double requestsPerSync() {
        return syncedWrites == 0 ? 0 : (double) requests / syncedWrites;
    }
}
