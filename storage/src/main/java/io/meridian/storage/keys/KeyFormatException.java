package io.meridian.storage.keys;

/** The bytes handed to a {@link KeyDecoder} are not a key in the expected shape. */
public final class KeyFormatException extends IllegalArgumentException {
    KeyFormatException(String message) {
        super(message);
    }
}
