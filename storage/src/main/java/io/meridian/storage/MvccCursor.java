package io.meridian.storage;

import io.meridian.truetime.Timestamp;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;

/**
 * A RocksDB iterator over the mvcc family that fetches each key once per position and knows the
 * key's prefix length. Also the step-or-seek policy every MVCC walk shares: stepping is cheaper
 * than seeking for the usual one or two versions per key, seeking is cheaper past many, so a walk
 * takes up to {@link #STEPS_BEFORE_SEEK} steps and then seeks.
 */
final class MvccCursor {
    static final int STEPS_BEFORE_SEEK = 4;

    private final RocksIterator iterator;
    private static final int SCRATCH_BYTES_INITIAL = 256;

    private byte[] key;
    private int prefixLength;
    private byte[] scratch = new byte[SCRATCH_BYTES_INITIAL];

    MvccCursor(RocksIterator iterator) {
        this.iterator = iterator;
    }

    boolean valid() {
        return key != null;
    }

    byte[] key() {
        return key;
    }

    int prefixLength() {
        return prefixLength;
    }

    byte[] value() {
        return iterator.value();
    }

    /**
     * The row bytes of the current version, or null when it is a tombstone. Reads the stored
     * value into a scratch buffer first, so the row costs one copy out of RocksDB and one array.
     */
    byte[] livePayload() {
        int length = iterator.value(scratch);
        if (length > scratch.length) {
            scratch = new byte[Math.max(length, scratch.length * 2)];
            length = iterator.value(scratch);
        }
        return MvccValues.payloadIfLive(scratch, length);
    }

    void seek(byte[] target) {
        iterator.seek(target);
        load();
    }

    void seekForPrev(byte[] target) {
        iterator.seekForPrev(target);
        load();
    }

    void seekToFirst() {
        iterator.seekToFirst();
        load();
    }

    void seekToLast() {
        iterator.seekToLast();
        load();
    }

    void next() {
        iterator.next();
        load();
    }

    void prev() {
        iterator.prev();
        load();
    }

    boolean atPrefix(byte[] prefix) {
        return key != null && MvccKeys.hasPrefix(key, prefix);
    }

    /**
     * True when the current key has the prefix of {@code versionKey} (its first
     * {@code prefixLength} bytes). Keys are fresh arrays per position, so a caller can hold an
     * earlier position's key as the prefix without copying it.
     */
    boolean atPrefixOf(byte[] versionKey, int prefixLength) {
        return key != null && this.prefixLength == prefixLength && MvccKeys.hasPrefix(key, versionKey, prefixLength);
    }

    /**
     * From a version later than the read (at {@code versionKey}, whose prefix length is
     * {@code prefixLength}), moves to the newest version of that key at or below the read
     * timestamp, or past the key when there is none.
     */
    void skipNewerThan(byte[] versionKey, int prefixLength, byte[] invertedTs, Timestamp ts) {
        for (int i = 0; i < STEPS_BEFORE_SEEK; i++) {
            next();
            if (!atPrefixOf(versionKey, prefixLength) || !MvccKeys.isAfter(key, prefixLength, invertedTs)) {
                return;
            }
        }
        seek(MvccKeys.withTimestamp(versionKey, prefixLength, ts));
    }

    /** Moves past every remaining version of the key {@code versionKey} is a version of. */
    void skipRestOf(byte[] versionKey, int prefixLength) {
        for (int i = 0; i < STEPS_BEFORE_SEEK; i++) {
            next();
            if (!atPrefixOf(versionKey, prefixLength)) {
                return;
            }
        }
        seek(MvccKeys.prefixEnd(versionKey, prefixLength));
    }

    private void load() {
        if (iterator.isValid()) {
            key = iterator.key();
            prefixLength = MvccKeys.checkedPrefixLength(key);
            return;
        }
        key = null;
        checkStatus(iterator);
    }

    /** After an iterator turned invalid: throws if it stopped on an error rather than at the end. */
    static void checkStatus(RocksIterator iterator) {
        try {
            iterator.status();
        } catch (RocksDBException e) {
            throw new StorageException("mvcc iteration failed: " + e.getMessage(), e);
        }
    }
}
