package io.meridian.paxos.sim;

import io.meridian.paxos.core.HardState;
import io.meridian.paxos.core.LogEntry;
import io.meridian.paxos.driver.PaxosStorage;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A node's disk: what {@link #persist} wrote survives a crash, nothing else does. A write is
 * atomic; a crash can strike just before it or just after it (before the replica sends anything).
 */
final class SimStorage implements PaxosStorage {
    private final SimNode owner;
    private final SafetyChecker checker;
    private final TreeMap<Long, LogEntry> log = new TreeMap<>();
    private HardState hardState;
    private long compactedIndex;

    SimStorage(SimNode owner, SafetyChecker checker) {
        this.owner = owner;
        this.checker = checker;
    }

    @Override
    public void persist(List<LogEntry> entries, HardState newHardState) {
        owner.ioPoint("before persist");
        for (LogEntry e : entries) {
            log.put(e.index(), e);
        }
        if (newHardState != null) {
            hardState = newHardState;
        }
        checker.persisted(owner.id(), entries, newHardState);
        owner.ioPoint("after persist");
    }

    @Override
    public void truncatePrefix(long throughIndex) {
        owner.ioPoint("truncate through " + throughIndex);
        log.headMap(throughIndex, true).clear();
        compactedIndex = Math.max(compactedIndex, throughIndex);
    }

    @Override
    public long compactedIndex() {
        return compactedIndex;
    }

    /** Slots held on disk (for the test's figures). */
    int size() {
        return log.size();
    }

    @Override
    public Optional<HardState> hardState() {
        return Optional.ofNullable(hardState);
    }

    @Override
    public List<LogEntry> entries(long fromIndex, long toIndex) {
        return new ArrayList<>(log.subMap(fromIndex, true, toIndex, true).values());
    }
}
