package io.meridian.jdbc;

import io.meridian.rpc.api.ClientChannel;
import io.meridian.rpc.api.ProtocolVersion;
import io.meridian.rpc.client.ClientRequest;
import io.meridian.rpc.client.ClientResponse;
import io.meridian.rpc.client.Handshake;
import java.io.IOException;
import java.sql.SQLException;

/** Request/response over a client channel: numbering, error responses, the handshake. */
final class Session {
    private final ClientChannel channel;
    private long nextRequestId = 1;
    private boolean closed;

    Session(ClientChannel channel, String user, String password) throws SQLException {
        this.channel = channel;
        call(ClientRequest.newBuilder().setHandshake(Handshake.newBuilder().setProtocolVersion(ProtocolVersion.CURRENT)
                .setUser(user == null ? "" : user).setPassword(password == null ? "" : password)));
    }

    synchronized ClientResponse call(ClientRequest.Builder request) throws SQLException {
        if (closed) {
            throw Errors.closed("connection");
        }
        long id = nextRequestId++;
        ClientResponse response;
        try {
            response = channel.call(request.setRequestId(id).build());
        } catch (IOException e) {
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
