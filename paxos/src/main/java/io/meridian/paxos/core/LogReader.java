package io.meridian.paxos.core;

import java.util.List;

/**
 * The durable log, read back for slots a {@link PaxosNode} no longer keeps in memory (applied
 * slots older than {@link PaxosConfig#cachedAppliedSlotsMax}). Reads return only what was
 * persisted, so they are as deterministic as the node's other inputs.
 */
public interface LogReader {
    /** The durable entries with {@code fromIndex <= index <= toIndex}, in index order. */
    List<LogEntry> entries(long fromIndex, long toIndex);

    /** The highest slot truncated away after a snapshot (none are left at or below it), 0 if none. */
    default long compactedIndex() {
        return 0;
    }
}
