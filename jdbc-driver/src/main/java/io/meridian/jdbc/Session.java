package io.meridian.jdbc;

import io.meridian.rpc.api.ClientChannel;
import io.meridian.rpc.api.LocalResult;
import io.meridian.rpc.api.ProtocolVersion;
import io.meridian.rpc.client.ClientRequest;
import io.meridian.rpc.client.ClientResponse;
import io.meridian.rpc.client.Execute;
import io.meridian.rpc.client.Handshake;
import io.meridian.rpc.client.Ping;
import io.meridian.rpc.client.Value;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.io.IOException;
import java.sql.SQLException;

/**
 * Request/response over a client channel: numbering, error responses, the handshake. After the
 * channel breaks, the next call may open a new one (to the first host that answers), but only
 * when the connection holds no server state: never inside a transaction. A request whose
 * connection broke mid-flight is never re-sent, since it may have taken effect.
 */
final class Session {
    /** Opens a fresh channel, or null when this kind of connection cannot be re-established. */
    interface Reconnector {
        ClientChannel open() throws IOException;
    }

    private final Reconnector reconnector;
    private final Handshake hello;
    private volatile ClientChannel channel;
    private boolean broken;
    private long nextRequestId = 1;
    private volatile boolean closed;
    private volatile long serverSessionId;
    private volatile long cancelKey;
    private volatile String serverVersion = "";
    private long responseMillisMax;
    /** Session settings by name, as SET statements: replayed on a new server session after a reconnect. */
    private final Map<String, String> settings = new LinkedHashMap<>();

    Session(ClientChannel channel, Reconnector reconnector, String user, String password) throws SQLException {
        this.channel = channel;
        this.reconnector = reconnector;
        this.hello = Handshake.newBuilder().setProtocolVersion(ProtocolVersion.CURRENT).setUser(user == null ? "" : user)
                .setPassword(password == null ? "" : password).build();
        handshake();
    }

    private void handshake() throws SQLException {
        ClientResponse ok = call(ClientRequest.newBuilder().setHandshake(hello), false);
        serverSessionId = ok.getHandshakeOk().getSessionId();
        cancelKey = ok.getHandshakeOk().getCancelKey();
        serverVersion = ok.getHandshakeOk().getServerVersion();
    }

    /** What the server said it is in its last handshake, e.g. "Meridian 0.1.0". */
    String serverVersion() {
        return serverVersion;
    }

    /**
     * Stops the statement running on this session, from any thread: the server is told over a
     * second connection, so this never waits for the call in flight.
     */
    void cancel() throws SQLException {
        if (closed) {
            throw Errors.closed("connection");
        }
        try {
            channel.cancel(serverSessionId, cancelKey);
        } catch (IOException e) {
            throw Errors.of("08006", "could not send the cancel request: " + e.getMessage(), e);
        }
    }

    /** Runs a SET statement and remembers it for sessions opened by a reconnect. */
    synchronized void set(String name, String sql) throws SQLException {
        call(execute(sql), false);
        settings.put(name, sql);
    }

    private static ClientRequest.Builder execute(String sql) {
        return ClientRequest.newBuilder().setExecute(Execute.newBuilder().setSql(sql));
    }

    /** A round trip that changes nothing, waiting at most {@code millis} (0: the network timeout). */
    synchronized boolean ping(long millis) {
        if (closed) {
            return false;
        }
        channel.setResponseMillisMax(millis > 0 && (responseMillisMax == 0 || millis < responseMillisMax) ? millis
                : responseMillisMax);
        try {
            call(ClientRequest.newBuilder().setPing(Ping.getDefaultInstance()), true);
            return true;
        } catch (SQLException e) {
            return false;
        } finally {
            channel.setResponseMillisMax(responseMillisMax);
        }
    }

    /** Bounds every later wait for a response; 0 waits forever. */
    synchronized void setResponseMillisMax(long millis) {
        responseMillisMax = millis;
        channel.setResponseMillisMax(millis);
    }

    synchronized long responseMillisMax() {
        return responseMillisMax;
    }

    /** Closes at once from any thread; a call in flight fails with 08006. */
    void abort() {
        closed = true;
        try {
            channel.abort();
        } catch (IOException ignored) {
            // Abandoning the connection is the point; how it ends does not matter.
        }
    }

    synchronized ClientResponse call(ClientRequest.Builder request) throws SQLException {
        return call(request, false);
    }

    /** {@code mayReconnect}: the caller holds no server state, so a fresh session is equivalent. */
    synchronized ClientResponse call(ClientRequest.Builder request, boolean mayReconnect) throws SQLException {
        if (closed) {
            throw Errors.closed("connection");
        }
        if (broken) {
            reconnect(mayReconnect);
        }
        long id = nextRequestId++;
        ClientResponse response;
        try {
            response = channel.call(request.setRequestId(id).build());
        } catch (IOException e) {
            broken = true;
            throw Errors.of("08006", (closed ? "connection aborted: " : "connection failure: ") + e.getMessage(), e);
        }
        if (response.getRequestId() == 0 && response.getKindCase() == ClientResponse.KindCase.ERROR) {
            // A connection-level error frame: the server is closing this connection and says why.
            broken = true;
            throw Errors.fromServer(response.getError());
        }
        if (response.getRequestId() != id) {
            throw Errors.of("08P01", "protocol violation: response " + response.getRequestId() + " for request " + id, null);
        }
        if (response.getKindCase() == ClientResponse.KindCase.ERROR) {
            throw Errors.fromServer(response.getError());
        }
        return response;
    }

    /** True when statements can skip the protocol messages ({@link #execute}): the server is in this process. */
    boolean inProcess() {
        return channel.inProcess();
    }

    /** An Execute request's answer from an in-process server, errors thrown as {@link #call} throws them. */
    synchronized LocalResult execute(String sql, List<Value> parameters, int fetchSize, long maxRows, long timeoutMillis)
            throws SQLException {
        if (closed) {
            throw Errors.closed("connection");
        }
        if (broken) {
            reconnect(false);
        }
        LocalResult result;
        try {
            result = channel.execute(sql, parameters, fetchSize, maxRows, timeoutMillis);
        } catch (IOException e) {
            broken = true;
            throw Errors.of("08006", (closed ? "connection aborted: " : "connection failure: ") + e.getMessage(), e);
        }
        if (result.error() != null) {
            throw Errors.fromServer(result.error());
        }
        return result;
    }

    private void reconnect(boolean mayReconnect) throws SQLException {
        if (reconnector == null || !mayReconnect) {
            throw Errors.of("08003", "the connection broke earlier"
                    + (reconnector == null ? "" : " inside a transaction or with open results") + "; open a new one", null);
        }
        try {
            channel.close();
        } catch (IOException ignored) {
            // The old channel is already dead.
        }
        try {
            channel = reconnector.open();
        } catch (IOException e) {
            throw Errors.of("08001", "reconnect failed: " + e.getMessage(), e);
        }
        broken = false;
        channel.setResponseMillisMax(responseMillisMax);
        handshake();
        for (String set : settings.values()) {
            call(execute(set), false);
        }
    }

    boolean isClosed() {
        return closed;
    }

    synchronized void close() throws SQLException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            channel.close();
        } catch (IOException e) {
            throw Errors.of("08006", "error while closing: " + e.getMessage(), e);
        }
    }
}
