package io.meridian.rpc.api;

import io.meridian.rpc.client.ClientRequest;
import io.meridian.rpc.client.ClientResponse;
import java.io.IOException;

/**
 * One client session's request/response channel: over the network, or in-process for the
 * embedded database. Calls are made one at a time per session.
 */
public interface ClientChannel extends AutoCloseable {
    ClientResponse call(ClientRequest request) throws IOException;

    @Override
    void close() throws IOException;
}
