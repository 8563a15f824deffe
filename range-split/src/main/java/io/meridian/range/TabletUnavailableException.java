package io.meridian.range;

/** No replica of the tablet is a ready leader within the wait bound; the caller may retry. */
public final class TabletUnavailableException extends Exception {
    public TabletUnavailableException(String message) {
        super(message);
    }
}
