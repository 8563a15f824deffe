package io.meridian.rpc.net;

/** A frame that is not a valid protocol message; the connection that sent it is closed. */
public final class MalformedFrameException extends RuntimeException {
    public MalformedFrameException(String message, Throwable cause) {
        super(message, cause);
    }
}
