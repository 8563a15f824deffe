package io.meridian.storage;

/** User keys in [startKey, endKey). */
public record KeyRange(byte[] startKey, byte[] endKey) {
}
