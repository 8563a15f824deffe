package io.meridian.range;

import io.meridian.paxos.core.LogEntry;
import io.meridian.paxos.core.Membership;
import io.meridian.paxos.core.SnapshotChunk;
import io.meridian.paxos.driver.StateMachine;
import io.meridian.storage.Mutation;
import io.meridian.storage.RocksStorage;
import io.meridian.truetime.Timestamp;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Executor;

/**
 * A tablet replica's state: MVCC rows in the node's RocksDB. Each committed log entry becomes row
 * versions at the entry's commit timestamp, written in one batch with the applied index.
 * Snapshots (for log compaction and catch-up) are {@link TabletSnapshots}.
 */
public final class TabletStateMachine implements StateMachine, AutoCloseable {
    /**
     * Where "to the end of the key space" stops for snapshots: every key from
     * {@code storage.keys.KeyEncoder} starts with a tag byte, and no tag is 0xFF.
     */
    static final byte[] KEY_SPACE_END = {(byte) 0xFF};

    private final RocksStorage storage;
    private final byte[] appliedKey;
    private final byte[] membershipKey;
    private final TabletSnapshots snapshots;
    private volatile long appliedIndex;
    private volatile Timestamp lastCommitTimestamp;

    /** A tablet over the whole key space, its snapshots in a directory next to the database's. */
    public TabletStateMachine(RocksStorage storage, long tabletId) {
        this(storage, tabletId, Runnable::run);
    }

    /** As above, exporting snapshots for followers on {@code exports} rather than the replica's loop. */
    public TabletStateMachine(RocksStorage storage, long tabletId, Executor exports) {
        this(storage, tabletId, KeyRange.EVERYTHING,
                storage.directory().resolveSibling(storage.directory().getFileName() + "-snapshots")
                        .resolve("tablet-" + tabletId), exports);
    }

    /**
     * A tablet over {@code range}, keeping snapshot files (outgoing exports, an incoming staging
     * file) under {@code snapshotDirectory}. Finishes a snapshot install a crash interrupted before
     * reading its applied index.
     */
    public TabletStateMachine(RocksStorage storage, long tabletId, KeyRange range, Path snapshotDirectory) {
        this(storage, tabletId, range, snapshotDirectory, Runnable::run);
    }

    /**
     * As above; a follower's snapshot is exported on {@code exports} (reads answer
     * {@link SnapshotChunk#PREPARING} meanwhile), so the replica's loop never waits for it.
     */
    public TabletStateMachine(RocksStorage storage, long tabletId, KeyRange range, Path snapshotDirectory,
            Executor exports) {
        this.storage = storage;
        this.appliedKey = ("tablet/" + tabletId + "/applied").getBytes(StandardCharsets.UTF_8);
        this.membershipKey = ("tablet/" + tabletId + "/membership").getBytes(StandardCharsets.UTF_8);
        byte[] end = range.endKey().length == 0 ? KEY_SPACE_END : range.endKey();
        this.snapshots = new TabletSnapshots(storage, new io.meridian.storage.KeyRange(range.startKey(), end),
                appliedKey, membershipKey, snapshotDirectory, exports);
        snapshots.recoverInterruptedInstall();
        loadAppliedMarker();
        if (appliedIndex > 0) {
            // The state as it stands is durable (see snapshot()) and so serves as the newest snapshot.
            snapshots.take(appliedIndex, marker(appliedIndex, lastCommitTimestamp));
        }
    }

    private void loadAppliedMarker() {
        ByteBuffer applied = storage.getMetadata(appliedKey).map(ByteBuffer::wrap).orElse(null);
        this.appliedIndex = applied == null ? 0 : applied.getLong();
        this.lastCommitTimestamp = applied == null ? Timestamp.MIN : new Timestamp(applied.getLong(), applied.getInt());
    }

    private static byte[] marker(long index, Timestamp highest) {
        return ByteBuffer.allocate(20).putLong(index).putLong(highest.physicalMicros()).putInt(highest.logical())
                .array();
    }

    /**
     * Applies one chosen entry. The applied index and the highest commit timestamp are stored in
     * the same atomic batch as the rows, so after a crash replay resumes exactly where it stopped.
     */
    @Override
    public void apply(LogEntry entry) {
        Timestamp ts = lastCommitTimestamp;
        List<Mutation> rows = List.of();
        List<Mutation> metadata = new java.util.ArrayList<>(2);
        if (Membership.isMembership(entry.command())) {
            // No rows: the group's membership is recorded with the applied index (and so travels in snapshots).
            metadata.add(Mutation.put(membershipKey, entry.command()));
        } else if (!entry.isNoop()) {
            TabletCommand command = TabletCommand.decode(entry.command());
            rows = command.mutations();
            ts = command.commitTimestamp();
        }
        // Concurrent transactions on disjoint keys may reach the log out of timestamp order, so
        // the high-water mark is a max, not the last one.
        Timestamp highest = Timestamp.max(ts, lastCommitTimestamp);
        metadata.add(Mutation.put(appliedKey, marker(entry.index(), highest)));
        storage.applyVersions(rows, ts, metadata);
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

    @Override
    public Membership membership() {
        return storage.getMetadata(membershipKey).map(Membership::decode).orElse(null);
    }

    @Override
    public long snapshotIndex() {
        return snapshots.index();
    }

    @Override
    public long snapshot() {
        snapshots.take(appliedIndex, marker(appliedIndex, lastCommitTimestamp));
        return appliedIndex;
    }

    @Override
    public SnapshotChunk readSnapshot(long index, long offset, int bytesMax) {
        return snapshots.read(index, offset, bytesMax);
    }

    @Override
    public void stageSnapshotChunk(long index, long offset, byte[] data) {
        snapshots.stage(index, offset, data);
    }

    @Override
    public void installSnapshot(long index) {
        snapshots.install(index);
        loadAppliedMarker();
    }

    public RocksStorage storage() {
        return storage;
    }

    /** Waits for a running snapshot export, releases the pinned view (the database itself is closed by its owner). */
    @Override
    public void close() {
        snapshots.close();
    }
}
