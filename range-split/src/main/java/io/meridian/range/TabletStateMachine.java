package io.meridian.range;

import io.meridian.paxos.core.LogEntry;
import io.meridian.paxos.driver.StateMachine;
import io.meridian.storage.Mutation;
import io.meridian.storage.RocksStorage;
import io.meridian.truetime.Timestamp;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * A tablet replica's state: MVCC rows in the node's RocksDB. Each committed log entry becomes row
 * versions at the entry's commit timestamp, written in one batch with the applied index.
 */
public final class TabletStateMachine implements StateMachine {
    private final RocksStorage storage;
    private final byte[] appliedKey;
    private volatile long appliedIndex;
    private volatile Timestamp lastCommitTimestamp;

    public TabletStateMachine(RocksStorage storage, long tabletId) {
        this.storage = storage;
        this.appliedKey = ("tablet/" + tabletId + "/applied").getBytes(StandardCharsets.UTF_8);
        ByteBuffer applied = storage.getMetadata(appliedKey).map(ByteBuffer::wrap).orElse(null);
        this.appliedIndex = applied == null ? 0 : applied.getLong();
        this.lastCommitTimestamp = applied == null ? Timestamp.MIN : new Timestamp(applied.getLong(), applied.getInt());
    }

    /**
     * Applies one chosen entry. The applied index and the highest commit timestamp are stored in
     * the same atomic batch as the rows, so after a crash replay resumes exactly where it stopped.
     */
    @Override
    public void apply(LogEntry entry) {
        Timestamp ts = lastCommitTimestamp;
        List<Mutation> rows = List.of();
        if (!entry.isNoop()) {
            TabletCommand command = TabletCommand.decode(entry.command());
            rows = command.mutations();
            ts = command.commitTimestamp();
        }
        // Concurrent transactions on disjoint keys may reach the log out of timestamp order, so
        // the high-water mark is a max, not the last one.
        Timestamp highest = Timestamp.max(ts, lastCommitTimestamp);
        byte[] marker = ByteBuffer.allocate(20).putLong(entry.index()).putLong(highest.physicalMicros())
                .putInt(highest.logical()).array();
        storage.applyVersions(rows, ts, List.of(Mutation.put(appliedKey, marker)));
        lastCommitTimestamp = highest;
        appliedIndex = entry.index();
    }

    /** The highest commit timestamp applied here; a leader must pick later ones. */
    public Timestamp lastCommitTimestamp() {
        return lastCommitTimestamp;
    }

    @Override
    public long appliedIndex() {
        return appliedIndex;
    }

    public RocksStorage storage() {
        return storage;
    }
}
