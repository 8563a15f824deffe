package io.meridian.range;

import io.meridian.paxos.core.SnapshotChunk;
import io.meridian.storage.KeyRange;
import io.meridian.storage.Mutation;
import io.meridian.storage.RangeSnapshot;
import io.meridian.storage.ReadView;
import io.meridian.storage.RocksStorage;
import io.meridian.storage.StorageException;
import io.meridian.truetime.Timestamp;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.List;

/**
 * Snapshots of one tablet replica's state: every MVCC version in its key range plus its applied
 * marker (applied index and highest commit timestamp) and the group membership it last applied. The tablet owns no other keys: lock records
 * are not written yet, and transaction records live in the rows it holds.
 *
 * <p><b>Taking</b> one is cheap: sync the WAL (the log behind the snapshot is about to be
 * truncated, so unsynced applies must become durable) and pin a RocksDB view. The SST export
 * happens only when a follower asks for the snapshot, from that view, so it is the state at the
 * snapshot's slot however far the replica has applied since.
 *
 * <p><b>Installing</b> one: chunks are appended to a staging file, synced before install starts.
 * {@link RocksStorage#installSnapshot} writes a synced marker, clears the range, ingests the files
 * and writes the applied marker in the synced batch that removes the marker. A crash in between
 * leaves the marker; on restart the tablet re-runs the install from the staging file before it
 * serves anything, so the range is never a mix of old and new.
 */
final class TabletSnapshots implements AutoCloseable {
    private final RocksStorage storage;
    private final KeyRange range;
    private final byte[] appliedKey;
    private final byte[] membershipKey;
    private final Path outgoingDirectory;
    private final Path stagingFile;
    private final Path incomingDirectory;
    private long index;
    private byte[] appliedMarker;
    private byte[] membership;
    private ReadView view;
    private byte[] exportedHeader;
    private List<Path> exportedFiles;
    private long stagingIndex = -1;

    TabletSnapshots(RocksStorage storage, KeyRange range, byte[] appliedKey, byte[] membershipKey, Path workDirectory) {
        this.storage = storage;
        this.range = range;
        this.appliedKey = appliedKey;
        this.membershipKey = membershipKey;
        this.outgoingDirectory = workDirectory.resolve("outgoing");
        this.stagingFile = workDirectory.resolve("incoming.stream");
        this.incomingDirectory = workDirectory.resolve("incoming");
        try {
            Files.createDirectories(workDirectory);
        } catch (IOException e) {
            throw new StorageException("cannot create snapshot directory " + workDirectory, e);
        }
    }

    /**
     * After a restart: finishes an install a crash interrupted (from the synced staging file).
     * Returns true when it re-installed.
     */
    boolean recoverInterruptedInstall() {
        for (KeyRange interrupted : storage.interruptedSnapshotInstalls()) {
            if (Arrays.equals(interrupted.startKey(), range.startKey())) {
                try (FileChannel stream = FileChannel.open(stagingFile, StandardOpenOption.READ)) {
                    ByteBuffer first = ByteBuffer.allocate(16);
                    stream.read(first, 0);
                    long stagedIndex = first.flip().getLong(8);
                    install(stagedIndex);
                    return true;
                } catch (IOException e) {
                    throw new StorageException("tablet range was left half-installed by a crash and its staged snapshot "
                            + stagingFile + " is unreadable: the replica cannot serve", e);
                }
            }
        }
        return false;
    }

    long index() {
        return index;
    }

    /** Pins the current state as the snapshot at {@code appliedIndex}; its applied marker is {@code marker}. */
    void take(long appliedIndex, byte[] marker) {
        storage.syncWal();
        ReadView old = view;
        view = storage.openReadView();
        if (old != null) {
            old.close();
        }
        index = appliedIndex;
        appliedMarker = marker.clone();
        // Read on the loop thread that applies, so it is the membership as of appliedIndex.
        membership = storage.getMetadata(membershipKey).orElse(new byte[0]);
        exportedHeader = null;
        exportedFiles = null;
    }

    SnapshotChunk read(long requestedIndex, long offset, int bytesMax) {
        if (requestedIndex != index || view == null) {
            return null;
        }
        try {
            if (exportedHeader == null) {
                TabletSnapshotFiles.deleteTree(outgoingDirectory);
                RangeSnapshot exported = storage.exportSnapshot(view, range.startKey(), range.endKey(), Timestamp.MAX,
                        outgoingDirectory);
                exportedFiles = exported.files();
                exportedHeader = TabletSnapshotFiles.header(index, appliedMarker, membership, exported);
            }
            return TabletSnapshotFiles.read(exportedHeader, exportedFiles, offset, bytesMax);
        } catch (IOException e) {
            throw new StorageException("reading tablet snapshot " + index + " failed", e);
        }
    }

    void stage(long snapshotIndex, long offset, byte[] data) {
        try {
            if (offset == 0) {
                Files.deleteIfExists(stagingFile);
                stagingIndex = snapshotIndex;
            }
            if (snapshotIndex != stagingIndex) {
                throw new StorageException("chunk of snapshot " + snapshotIndex + " while staging " + stagingIndex);
            }
            try (FileChannel ch = FileChannel.open(stagingFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
                if (ch.size() != offset) {
                    throw new StorageException("chunk at " + offset + " but " + ch.size() + " bytes are staged");
                }
                ByteBuffer b = ByteBuffer.wrap(data);
                while (b.hasRemaining()) {
                    ch.write(b, offset + b.position());
                }
            }
        } catch (IOException e) {
            throw new StorageException("staging snapshot chunk failed", e);
        }
    }

    /** Replaces the range with the staged snapshot; returns the applied marker it installed. */
    byte[] install(long snapshotIndex) {
        try (FileChannel stream = FileChannel.open(stagingFile, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            stream.force(true);
            TabletSnapshotFiles.Header header = TabletSnapshotFiles.readHeader(stream, snapshotIndex);
            List<Path> files = TabletSnapshotFiles.split(stream, header, incomingDirectory);
            // The exported range is what the sender holds; installing replaces our own range.
            List<Mutation> metadata = new java.util.ArrayList<>();
            metadata.add(Mutation.put(appliedKey, header.appliedMarker()));
            metadata.add(header.membership().length == 0 ? Mutation.delete(membershipKey)
                    : Mutation.put(membershipKey, header.membership()));
            storage.installSnapshot(new RangeSnapshot(range.startKey(), range.endKey(), Timestamp.MAX, files,
                    header.versionCount()), metadata);
            TabletSnapshotFiles.deleteTree(incomingDirectory);
            Files.deleteIfExists(stagingFile);
            stagingIndex = -1;
            take(snapshotIndex, header.appliedMarker());
            return header.appliedMarker();
        } catch (IOException e) {
            throw new StorageException("installing tablet snapshot " + snapshotIndex + " failed", e);
        }
    }

    @Override
    public void close() {
        if (view != null) {
            view.close();
            view = null;
        }
    }
}
