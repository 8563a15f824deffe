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
import java.util.concurrent.Executor;

/**
 * Snapshots of one tablet replica's state: every MVCC version in its key range plus its applied
 * marker (applied index and highest commit timestamp) and the group membership it last applied. The tablet owns no other keys: lock records
 * are not written yet, and transaction records live in the rows it holds.
 *
 * <p><b>Taking</b> one is cheap: sync the WAL (the log behind the snapshot is about to be
 * truncated, so unsynced applies must become durable) and pin a RocksDB view. The SST export
 * happens only when a follower asks for the snapshot, from that view, so it is the state at the
 * snapshot's slot however far the replica has applied since. It runs on the {@code exports}
 * executor: until it is done, reads return {@link SnapshotChunk#PREPARING} and the replica's loop
 * goes on (a direct executor exports inside the first read). A view an export still reads is
 * closed when that export ends, never under it; {@link #close} waits for a running export.
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
    private final Executor exports;
    // index .. export: the newest snapshot, guarded by this (the loop and an export thread both use them).
    private long index;
    private byte[] appliedMarker;
    private byte[] membership;
    private ReadView view;
    private Export export;
    private long stagingIndex = -1;
    private boolean closed;

    /** One export of one snapshot's view into its own directory; fields written under the lock. */
    private static final class Export {
        final long index;
        final ReadView view;
        final Path directory;
        boolean done;
        byte[] header;
        List<Path> files;
        RuntimeException failure;

        Export(long index, ReadView view, Path directory) {
            this.index = index;
            this.view = view;
            this.directory = directory;
        }
    }

    TabletSnapshots(RocksStorage storage, KeyRange range, byte[] appliedKey, byte[] membershipKey, Path workDirectory,
            Executor exports) {
        this.storage = storage;
        this.exports = exports;
        this.range = range;
        this.appliedKey = appliedKey;
        this.membershipKey = membershipKey;
        this.outgoingDirectory = workDirectory.resolve("outgoing");
        this.stagingFile = workDirectory.resolve("incoming.stream");
        this.incomingDirectory = workDirectory.resolve("incoming");
        try {
            Files.createDirectories(workDirectory);
            // Exports of an earlier run: nothing reads them any more.
            TabletSnapshotFiles.deleteTree(outgoingDirectory);
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

    synchronized long index() {
        return index;
    }

    /** Pins the current state as the snapshot at {@code appliedIndex}; its applied marker is {@code marker}. */
    void take(long appliedIndex, byte[] marker) {
        storage.syncWal();
        ReadView fresh = storage.openReadView();
        // Read on the loop thread that applies, so it is the membership as of appliedIndex.
        byte[] members = storage.getMetadata(membershipKey).orElse(new byte[0]);
        synchronized (this) {
            retire(view, export);
            view = fresh;
            export = null;
            index = appliedIndex;
            appliedMarker = marker.clone();
            membership = members;
        }
    }

    /** Lets go of a replaced snapshot: its view and files now, or when its running export ends. */
    private void retire(ReadView oldView, Export oldExport) {
        if (oldExport != null && !oldExport.done) {
            return; // the export closes the view and deletes its files when it ends (see finish)
        }
        if (oldView != null) {
            oldView.close();
        }
        if (oldExport != null) {
            deleteQuietly(oldExport.directory);
        }
    }

    synchronized SnapshotChunk read(long requestedIndex, long offset, int bytesMax) {
        if (requestedIndex != index || view == null || closed) {
            return null;
        }
        if (export == null) {
            export = new Export(index, view, outgoingDirectory.resolve("snapshot-" + index));
            Export started = export;
            exports.execute(() -> run(started));
        }
        if (!export.done) {
            return SnapshotChunk.PREPARING;
        }
        if (export.failure != null) {
            throw export.failure;
        }
        try {
            return TabletSnapshotFiles.read(export.header, export.files, offset, bytesMax);
        } catch (IOException e) {
            throw new StorageException("reading tablet snapshot " + index + " failed", e);
        }
    }

    /** The export itself, off the loop: the pinned view's range as SST files plus the header. */
    private void run(Export job) {
        byte[] header = null;
        List<Path> files = null;
        RuntimeException failure = null;
        byte[] marker;
        byte[] members;
        synchronized (this) {
            marker = appliedMarker;
            members = membership;
        }
        try {
            TabletSnapshotFiles.deleteTree(job.directory);
            RangeSnapshot exported = storage.exportSnapshot(job.view, range.startKey(), range.endKey(), Timestamp.MAX,
                    job.directory);
            files = exported.files();
            header = TabletSnapshotFiles.header(job.index, marker, members, exported);
        } catch (IOException e) {
            failure = new StorageException("exporting tablet snapshot " + job.index + " failed", e);
        } catch (RuntimeException e) {
            failure = e;
        }
        finish(job, header, files, failure);
    }

    private synchronized void finish(Export job, byte[] header, List<Path> files, RuntimeException failure) {
        job.header = header;
        job.files = files;
        job.failure = failure;
        job.done = true;
        if (job != export) {
            retire(job.view, job);
        }
        notifyAll();
    }

    private static void deleteQuietly(Path directory) {
        try {
            TabletSnapshotFiles.deleteTree(directory);
        } catch (IOException | RuntimeException e) {
            // Leftover files of a replaced snapshot: the next export of the same slot clears them.
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

    /** Waits for a running export (it reads the database), then releases the pinned view. */
    @Override
    public synchronized void close() {
        closed = true;
        boolean interrupted = false;
        while (export != null && !export.done) {
            try {
                wait();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (view != null) {
            view.close();
            view = null;
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
