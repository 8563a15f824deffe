package io.meridian.rpc.api;

import io.meridian.rpc.client.ClientRequest;
import io.meridian.rpc.client.ClientResponse;
import io.meridian.rpc.client.Value;
import java.io.IOException;
import java.util.List;

/**
 * One client session's request/response channel: over the network, or in-process for the
 * embedded database. Calls are made one at a time per session.
 */
public interface ClientChannel extends AutoCloseable {
    ClientResponse call(ClientRequest request) throws IOException;

    /**
     * Asks the server to stop the session's running statement. Called from another thread while
     * {@link #call} may be blocked, so it must not wait for that call.
     */
    void cancel(long sessionId, long cancelKey) throws IOException;

    /**
     * True when the server runs in this process and {@link #execute} answers a statement without
     * building protocol messages (the embedded database: most of a point select's cost otherwise).
     */
    default boolean inProcess() {
        return false;
    }

    /**
     * Runs what an Execute request would, as {@link #call} would, without the messages around it;
     * only when {@link #inProcess}.
     */
    default LocalResult execute(String sql, List<Value> parameters, int fetchSize, long maxRows, long timeoutMillis)
            throws IOException {
        throw new UnsupportedOperationException("only in-process channels run statements without messages");
    }

    /** Bounds how long {@link #call} waits for a response; 0 waits forever. */
    default void setResponseMillisMax(long millis) {
    }

    /** Closes at once, failing a call in flight; any thread. */
    default void abort() throws IOException {
        close();
    }

    @Override
    void close() throws IOException;
}
