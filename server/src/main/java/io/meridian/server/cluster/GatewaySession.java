package io.meridian.server.cluster;

import io.meridian.rpc.api.ClientSessionHandler;
import io.meridian.rpc.api.ProtocolVersion;
import io.meridian.rpc.client.ClientRequest;
import io.meridian.rpc.client.ClientResponse;
import io.meridian.rpc.client.Error;
import io.meridian.rpc.client.Handshake;
import io.meridian.rpc.client.HandshakeOk;
import io.meridian.rpc.net.FrameLimits;
import io.meridian.rpc.net.NettyClientChannel;
import io.meridian.server.auth.Authenticator;
import io.meridian.rpc.client.Ok;
import io.meridian.server.session.ClientSession;
import io.meridian.server.session.SessionRegistry;
import io.meridian.sql.SqlEngine;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A client's session at a node's SQL gateway. After the handshake each request runs on the
 * local SQL engine when this node leads the tablet, or is relayed to the leader's gateway,
 * delayed by the simulated one-way latency each way. A local session moves only when it holds
 * no transaction or cursor; a relayed one stays with its leader until that connection breaks
 * (the client then sees 08006 and its open transaction, if any, is gone). Either way a
 * session's state never straddles two nodes.
 */
final class GatewaySession implements ClientSessionHandler {
    static final int RELAY_CONNECT_MILLIS_MAX = 2_000;
    static final long RELAY_RESPONSE_MILLIS_MAX = 60_000;

    private final ClusterNode node;
    private final Authenticator authenticator;
    private final long sessionId;
    private final SessionRegistry registry;
    private volatile long cancelKey;
    private volatile long relaySessionId;
    private volatile long relayCancelKey;
    private volatile Handshake credentials;
    private volatile ClientSession local;
    private SqlEngine localEngine;
    private volatile NettyClientChannel relay;
    private Topology.Node relayTarget;
    private long relayRequestIds;
    private boolean autoCommit = true;

    GatewaySession(ClusterNode node, Authenticator authenticator, long sessionId, SessionRegistry registry) {
        this.node = node;
        this.authenticator = authenticator;
        this.sessionId = sessionId;
        this.registry = registry;
    }

    @Override
    public void cancel() {
        cancelRunning();
    }

    /** Stops the running statement: the local session's, or the leader's through its own cancel key. */
    private void cancelRunning() {
        ClientSession session = local;
        NettyClientChannel channel = relay;
        if (session != null) {
            session.cancel();
        } else if (channel != null) {
            try {
                channel.cancel(relaySessionId, relayCancelKey);
            } catch (IOException e) {
                // Cancel is best effort, as in PostgreSQL: the statement then runs to its end.
            }
        }
    }

    @Override
    public ClientResponse handle(ClientRequest request) {
        if (request.getKindCase() == ClientRequest.KindCase.CANCEL && credentials == null) {
            // Not under the session lock: the cancelled session holds its own while it runs.
            registry.cancel(request.getCancel().getSessionId(), request.getCancel().getCancelKey());
            return ClientResponse.newBuilder().setRequestId(request.getRequestId()).setOk(Ok.getDefaultInstance()).build();
        }
        return handleInOrder(request);
    }

    private synchronized ClientResponse handleInOrder(ClientRequest request) {
        if (request.getKindCase() == ClientRequest.KindCase.HANDSHAKE) {
            return handshake(request);
        }
        if (credentials == null) {
            return error(request, "08P01", "protocol violation: the first request must be a handshake");
        }
        if (request.getKindCase() == ClientRequest.KindCase.SET_AUTO_COMMIT) {
            autoCommit = request.getSetAutoCommit().getAutoCommit();
        }
        SqlEngine engine = node.engine();
        if (local != null) {
            if (!local.isIdle() || (engine != null && engine == localEngine)) {
                return local.handle(request);
            }
            // Idle, and this node no longer leads (or leads again with a new engine): move on.
            local.close();
            local = null;
        }
        if (relay == null && engine != null) {
            return runLocally(engine, request);
        }
        return relay(request);
    }

    private ClientResponse handshake(ClientRequest request) {
        Handshake hello = request.getHandshake();
        if (credentials != null) {
            return error(request, "08P01", "protocol violation: second handshake on one connection");
        }
        if (hello.getProtocolVersion() != ProtocolVersion.CURRENT) {
            return error(request, "08004", "protocol version " + hello.getProtocolVersion() + " not supported");
        }
        if (!authenticator.authenticate(hello.getUser(), hello.getPassword())) {
            return error(request, "28P01", "password authentication failed for user \"" + hello.getUser() + "\"");
        }
        credentials = hello;
        cancelKey = registry.register(sessionId, this::cancelRunning);
        return ClientResponse.newBuilder().setRequestId(request.getRequestId()).setHandshakeOk(HandshakeOk.newBuilder()
                .setProtocolVersion(ProtocolVersion.CURRENT).setServerVersion("Meridian 0.1.0 node " + node.self().id()
                        + " (" + node.self().region() + ")").setSessionId(sessionId).setCancelKey(cancelKey)).build();
    }

    private ClientResponse runLocally(SqlEngine engine, ClientRequest request) {
        if (local == null || localEngine != engine) {
            if (local != null) {
                local.close();
            }
            local = new ClientSession(engine.openSession(), sessionId, Authenticator.TRUST_IN_PROCESS);
            localEngine = engine;
            local.handle(ClientRequest.newBuilder().setRequestId(0).setHandshake(credentials).build());
            local.handle(setAutoCommit(0));
        }
        return local.handle(request);
    }

    private ClientResponse relay(ClientRequest request) {
        try {
            if (relay == null) {
                openRelay();
            }
            long requestId = ++relayRequestIds;
            pause(relayTarget);
            ClientResponse response = relay.call(request.toBuilder().setRequestId(requestId).build());
            pause(relayTarget);
            return response.toBuilder().setRequestId(request.getRequestId()).build();
        } catch (IOException e) {
            closeRelay();
            return error(request, "08006", "lost the connection to the leader: " + e.getMessage()
                    + "; any open transaction there is rolled back");
        } catch (NoLeaderException e) {
            return error(request, "57P03", e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return error(request, "57014", "interrupted");
        }
    }

    private void openRelay() throws IOException, NoLeaderException {
        int leader = node.replica().leaderHint();
        if (leader < 0 || leader == node.self().id()) {
            throw new NoLeaderException("the tablet has no leader right now (election in progress); retry shortly");
        }
        Topology.Node target = node.addressOf(leader).orElseThrow(() ->
                new NoLeaderException("node " + leader + " leads but its address is not known here yet; retry shortly"));
        NettyClientChannel channel = NettyClientChannel.connect(
                List.of(new InetSocketAddress(node.topology().host(), target.clientPort())), RELAY_CONNECT_MILLIS_MAX,
                RELAY_RESPONSE_MILLIS_MAX, FrameLimits.FRAME_BYTES_MAX);
        ClientResponse ok = channel.call(ClientRequest.newBuilder().setRequestId(++relayRequestIds).setHandshake(credentials)
                .build());
        if (ok.hasError()) {
            channel.close();
            throw new IOException("leader refused the session: " + ok.getError().getMessage());
        }
        relaySessionId = ok.getHandshakeOk().getSessionId();
        relayCancelKey = ok.getHandshakeOk().getCancelKey();
        channel.call(setAutoCommit(++relayRequestIds));
        relay = channel;
        relayTarget = target;
    }

    /** Carries the client's autocommit mode to a newly opened local or relayed session. */
    private ClientRequest setAutoCommit(long requestId) {
        return ClientRequest.newBuilder().setRequestId(requestId)
                .setSetAutoCommit(io.meridian.rpc.client.SetAutoCommit.newBuilder().setAutoCommit(autoCommit)).build();
    }

    /** The simulated one-way trip between this node's region and the target's. */
    private void pause(Topology.Node target) throws InterruptedException {
        int millis = node.topology().latencyMillis(node.self().region(), target.region());
        if (millis > 0) {
            TimeUnit.MILLISECONDS.sleep(millis);
        }
    }

    private void closeRelay() {
        if (relay != null) {
            relay.close();
            relay = null;
            relayTarget = null;
        }
    }

    private static ClientResponse error(ClientRequest request, String sqlState, String message) {
        return ClientResponse.newBuilder().setRequestId(request.getRequestId())
                .setError(Error.newBuilder().setSqlState(sqlState).setMessage(message)).build();
    }

    /** No replica currently leads the tablet. */
    private static final class NoLeaderException extends Exception {
        NoLeaderException(String message) {
            super(message);
        }
    }

    @Override
    public synchronized void close() {
        if (credentials != null) {
            registry.unregister(sessionId);
        }
        closeRelay();
        if (local != null) {
            local.close();
        }
    }
}
