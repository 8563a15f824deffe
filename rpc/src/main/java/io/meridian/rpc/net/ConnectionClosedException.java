package io.meridian.rpc.net;

import java.io.IOException;

/**
 * A call on a connection that was already closed: the request was not sent, so it had no effect
 * and may go elsewhere (unlike a connection lost while the request was in flight).
 */
public final class ConnectionClosedException extends IOException {
    public ConnectionClosedException(String message) {
        super(message);
    }
}
