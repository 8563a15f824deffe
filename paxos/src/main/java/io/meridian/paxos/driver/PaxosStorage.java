package io.meridian.paxos.driver;

import io.meridian.paxos.core.HardState;
import io.meridian.paxos.core.LogEntry;
import io.meridian.paxos.core.LogReader;
import java.util.List;
import java.util.Optional;

/**
 * The durable half of one replica: its accepted log and its promise. {@link #persist} is synced
 * (and atomic) before it returns, because the replica acknowledges what it wrote as soon as the
 * call ends. Production uses {@link RocksPaxosStorage}; the simulation keeps it in memory and
 * drops nothing that was persisted across a crash.
 */
public interface PaxosStorage extends LogReader {
    /** Writes entries (overwriting any at the same slots) and, if non-null, the hard state, atomically. */
    void persist(List<LogEntry> entries, HardState hardState);

    Optional<HardState> hardState();

    /**
     * Deletes every entry up to {@code throughIndex}, which a durable snapshot covers. Need not be
     * synced: entries that reappear after a crash are below the snapshot and ignored.
     */
    void truncatePrefix(long throughIndex);

    /** Entries with index >= fromIndex, in index order. */
    default List<LogEntry> read(long fromIndex) {
        return entries(fromIndex, Long.MAX_VALUE);
    }
}
