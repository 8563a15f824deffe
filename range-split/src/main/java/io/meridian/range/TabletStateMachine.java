package io.meridian.range;

import io.meridian.paxos.core.LogEntry;
import io.meridian.paxos.driver.StateMachine;
import io.meridian.storage.Mutation;
import io.meridian.storage.RocksStorage;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * A tablet replica's state: MVCC rows in the node's RocksDB. Each committed log entry becomes row
 * versions at the entry's commit timestamp, written in one batch with the applied index.
 */
public final class TabletStateMachine implements StateMachine {
    private final RocksStorage storage;
    private final byte[] appliedIndexKey;
    private volatile long appliedIndex;

    public TabletStateMachine(RocksStorage storage, long tabletId) {
        this.storage = storage;
        this.appliedIndexKey = ("tablet/" + tabletId + "/applied").getBytes(StandardCharsets.UTF_8);
        this.appliedIndex = storage.getMetadata(appliedIndexKey).map(b -> ByteBuffer.wrap(b).getLong()).orElse(0L);
    }

    @Override
    public void apply(LogEntry entry) {
        List<Mutation> marker = List.of(Mutation.put(appliedIndexKey, ByteBuffer.allocate(8).putLong(entry.index()).array()));
        if (entry.isNoop()) {
            storage.applyVersions(List.of(), io.meridian.truetime.Timestamp.MIN, marker);
        } else {
            TabletCommand command = TabletCommand.decode(entry.command());
            storage.applyVersions(command.mutations(), command.commitTimestamp(), marker);
        }
        appliedIndex = entry.index();
    }

    @Override
    public long appliedIndex() {
        return appliedIndex;
    }

    public RocksStorage storage() {
        return storage;
    }
}
