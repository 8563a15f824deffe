package io.meridian.storage;

/** RocksDB failed or the data directory cannot be used; the replica must stop. */
public final class StorageException extends RuntimeException {
    public StorageException(String message, Throwable cause) {
        super(message, cause);
    }

    public StorageException(String message) {
        super(message);
    }
}
