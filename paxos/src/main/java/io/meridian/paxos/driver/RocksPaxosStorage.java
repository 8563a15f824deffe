package io.meridian.paxos.driver;

import io.meridian.paxos.core.HardState;
import io.meridian.paxos.core.LogEntry;
import io.meridian.storage.PaxosLogStore;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** {@link PaxosStorage} on the node's RocksDB: one synced write batch per persist. */
public final class RocksPaxosStorage implements PaxosStorage {
    private final PaxosLogStore store;

    public RocksPaxosStorage(PaxosLogStore store) {
        this.store = store;
    }

    @Override
    public void persist(List<LogEntry> entries, HardState hardState) {
        Map<Long, byte[]> encoded = new LinkedHashMap<>();
        for (LogEntry e : entries) {
            // A later entry for the same slot (a re-stamp in the same batch) wins.
            encoded.put(e.index(), LogEntryCodec.encode(e));
        }
        store.persist(encoded, hardState == null ? null : LogEntryCodec.encode(hardState));
    }

    @Override
    public void truncatePrefix(long throughIndex) {
        store.truncatePrefix(throughIndex + 1);
    }

    @Override
    public long compactedIndex() {
        return Math.max(0, store.firstIndex() - 1);
    }

    @Override
    public Optional<HardState> hardState() {
        return store.hardState().map(LogEntryCodec::decodeHardState);
    }

    @Override
    public List<LogEntry> entries(long fromIndex, long toIndex) {
        List<LogEntry> out = new ArrayList<>();
        long toExclusive = toIndex == Long.MAX_VALUE ? Long.MAX_VALUE : toIndex + 1;
        for (Map.Entry<Long, byte[]> e : store.read(fromIndex, toExclusive)) {
            out.add(LogEntryCodec.decode(e.getKey(), e.getValue()));
        }
        return out;
    }
}
