package io.meridian.jdbc;

import io.meridian.rpc.api.ClientChannel;
import io.meridian.rpc.api.ProtocolVersion;
import io.meridian.rpc.client.ClientRequest;
import io.meridian.rpc.client.ClientResponse;
import io.meridian.rpc.client.Handshake;
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
    private ClientChannel channel;
    private boolean broken;
    private long nextRequestId = 1;
    private boolean closed;
    private final String serverVersion;

    Session(ClientChannel channel, Reconnector reconnector, String user, String password) throws SQLException {
        this.channel = channel;
        this.reconnector = reconnector;
        this.hello = Handshake.newBuilder().setProtocolVersion(ProtocolVersion.CURRENT).setUser(user == null ? "" : user)
                .setPassword(password == null ? "" : password).build();
        serverVersion = call(ClientRequest.newBuilder().setHandshake(hello), false).getHandshakeOk().getServerVersion();
    }

    /** What the server said it is in the handshake, e.g. "Meridian 0.1.0". */
    String serverVersion() {
        return serverVersion;
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
            throw Errors.of("08006", "connection failure: " + e.getMessage(), e);
        }
        if (response.getRequestId() != id) {
            throw Errors.of("08P01", "protocol violation: response " + response.getRequestId() + " for request " + id, null);
        }
        if (response.getKindCase() == ClientResponse.KindCase.ERROR) {
            throw Errors.fromServer(response.getError());
        }
        return response;
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
        call(ClientRequest.newBuilder().setHandshake(hello), false);
    }

    synchronized boolean isClosed() {
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
