package io.meridian.paxos.driver;

import io.meridian.paxos.core.HardState;
import io.meridian.paxos.core.LogEntry;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;

/** A durable log in memory for driver tests that never compact; {@link #beforePersist} lets a test watch or stall writes. */
class MemoryPaxosStorage implements PaxosStorage {
    final TreeMap<Long, LogEntry> log = new TreeMap<>();
    HardState hardState;

    /** Runs before each persist is applied; may throw to fail it. */
    protected void beforePersist(List<LogEntry> entries) {
    }

    @Override
    public void persist(List<LogEntry> entries, HardState newHardState) {
        beforePersist(entries);
        entries.forEach(e -> log.put(e.index(), e));
        if (newHardState != null) {
            hardState = newHardState;
        }
    }

    @Override
    public void truncatePrefix(long throughIndex) {
        throw new AssertionError("this test never compacts");
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
