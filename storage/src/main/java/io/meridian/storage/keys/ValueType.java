package io.meridian.storage.keys;

/** The kind of the next value in a key, as its tag says. */
public enum ValueType {
    NULL, BOOLEAN, LONG, DOUBLE, STRING, BYTES, DATE, TIMESTAMP
}
