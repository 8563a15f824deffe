package io.meridian.storage;

import io.meridian.truetime.Timestamp;

/** One visible MVCC version: a user key, the timestamp it was written at, and its value. */
public record KeyValue(byte[] key, Timestamp timestamp, byte[] value) {
}
