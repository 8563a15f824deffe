package io.meridian.storage;

import io.meridian.truetime.Timestamp;
import java.nio.file.Path;
import java.util.List;

/**
 * The MVCC versions of user keys in [startKey, endKey) with timestamps at or below
 * {@code timestamp}, as SST files ready for {@link RocksStorage#installSnapshot}. Files hold
 * version keys in the mvcc family's layout, in key order, not overlapping. No files when the range
 * held no version.
 */
public record RangeSnapshot(byte[] startKey, byte[] endKey, Timestamp timestamp, List<Path> files, long versionCount) {
    public RangeSnapshot {
        files = List.copyOf(files);
    }

    /** The same snapshot with its files elsewhere, e.g. after a transfer to another node. */
    public RangeSnapshot withFiles(List<Path> movedFiles) {
        if (movedFiles.size() != files.size()) {
            throw new IllegalArgumentException("snapshot has " + files.size() + " files, not " + movedFiles.size());
        }
        return new RangeSnapshot(startKey, endKey, timestamp, movedFiles, versionCount);
    }
}
