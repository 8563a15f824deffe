package io.meridian.storage;

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
    private byte[] key;
    private int prefixLength;

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

    /** A copy of the current key's prefix (escaped user key and terminator). */
    byte[] currentPrefix() {
        return java.util.Arrays.copyOf(key, prefixLength);
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
     * From a version of {@code prefix} later than the read, moves to the newest version at or
     * below it (inverted {@code invertedTs}), or past the key when there is none.
     */
    void skipNewerThan(byte[] prefix, byte[] invertedTs, byte[] seekTarget) {
        for (int i = 0; i < STEPS_BEFORE_SEEK; i++) {
            next();
            if (!atPrefix(prefix) || !MvccKeys.isAfter(key, prefixLength, invertedTs)) {
                return;
            }
        }
        seek(seekTarget);
    }

    /** Moves past every remaining version of {@code prefix} to the next user key. */
    void skipRestOf(byte[] prefix) {
        for (int i = 0; i < STEPS_BEFORE_SEEK; i++) {
            next();
            if (!atPrefix(prefix)) {
                return;
            }
        }
        seek(MvccKeys.prefixEnd(prefix));
    }

    private void load() {
        if (iterator.isValid()) {
            key = iterator.key();
            prefixLength = MvccKeys.checkedPrefixLength(key);
            return;
        }
        key = null;
        try {
            iterator.status();
        } catch (RocksDBException e) {
            throw new StorageException("mvcc iteration failed: " + e.getMessage(), e);
        }
    }
}
