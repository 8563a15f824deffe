package io.meridian.rpc.api;

import io.meridian.rpc.client.ClientRequest;
import io.meridian.rpc.client.ClientResponse;

/**
 * The server side of one client session. {@link #handle} is called one request at a time and
 * must answer every request (errors as Error responses), never throw.
 */
public interface ClientSessionHandler extends AutoCloseable {
    ClientResponse handle(ClientRequest request);

    /** Stops the request {@link #handle} is running, if any; any thread, never blocks on it. */
    default void cancel() {
    }

    @Override
    void close();
}
