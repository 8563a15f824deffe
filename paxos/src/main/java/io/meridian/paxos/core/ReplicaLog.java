package io.meridian.paxos.core;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * The accepted log of one replica as its node sees it: every slot above {@code memoryFloor} in
 * memory, applied slots at or below it on disk only, read back through {@link LogReader}. Slots at
 * or below the floor are applied, hence chosen and never written again, so the disk copy is final.
 */
final class ReplicaLog {
    private final TreeMap<Long, LogEntry> memory = new TreeMap<>();
    private final LogReader durable;
    private final int cachedAppliedSlotsMax;
    private long memoryFloor;

    /** Loads the tail a node with {@code appliedIndex} keeps in memory. */
    ReplicaLog(LogReader durable, int cachedAppliedSlotsMax, long appliedIndex, long compactedIndex) {
        this.durable = durable;
        this.cachedAppliedSlotsMax = cachedAppliedSlotsMax;
        this.memoryFloor = Math.max(compactedIndex, Math.max(0, appliedIndex - cachedAppliedSlotsMax));
        for (LogEntry entry : durable.entries(memoryFloor + 1, Long.MAX_VALUE)) {
            memory.put(entry.index(), entry);
        }
    }

    void put(LogEntry entry) {
        Invariants.check(entry.index() > memoryFloor, "write at slot %s, applied and dropped from memory (floor %s)",
                entry.index(), memoryFloor);
        memory.put(entry.index(), entry);
    }

    /** The entry at an unapplied (or cached) slot, or null if this replica holds none there. */
    LogEntry get(long index) {
        Invariants.check(index > memoryFloor, "slot %s is below the memory floor %s", index, memoryFloor);
        return memory.get(index);
    }

    /** The highest slot held, or {@code orElse} when memory holds nothing. */
    long lastIndex(long orElse) {
        return memory.isEmpty() ? orElse : memory.lastKey();
    }

    /** The entries held in [from, to]: from disk at or below the memory floor, then from memory. */
    List<LogEntry> entries(long from, long to) {
        List<LogEntry> out = new ArrayList<>();
        if (from <= memoryFloor) {
            out.addAll(durable.entries(from, Math.min(to, memoryFloor)));
        }
        if (to > memoryFloor) {
            out.addAll(memory.subMap(Math.max(from, memoryFloor + 1), true, to, true).values());
        }
        return out;
    }

    /** The highest slot m >= from such that every slot in (from, m] holds ballot b's value. */
    long contiguousAfter(long from, Ballot b) {
        long m = from;
        for (LogEntry e : memory.tailMap(from, false).values()) {
            if (e.index() != m + 1 || !e.ballot().equals(b)) {
                break;
            }
            m++;
        }
        return m;
    }

    /** Drops from memory what the cache no longer needs once {@code appliedIndex} is applied (and so durable). */
    void applied(long appliedIndex) {
        long floor = appliedIndex - cachedAppliedSlotsMax;
        if (floor > memoryFloor) {
            memory.headMap(floor, true).clear();
            memoryFloor = floor;
        }
    }

    /**
     * Forgets every slot up to {@code throughIndex}: a snapshot covers them (the driver truncates
     * the durable log to match). Reads below it return nothing from then on.
     */
    void compact(long throughIndex) {
        if (throughIndex > memoryFloor) {
            memory.headMap(throughIndex, true).clear();
            memoryFloor = throughIndex;
        }
    }

    int cachedEntries() {
        return memory.size();
    }
}
