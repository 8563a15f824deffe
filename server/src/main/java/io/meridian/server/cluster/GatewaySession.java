package io.meridian.server.cluster;

import io.meridian.rpc.api.ClientSessionHandler;
import io.meridian.rpc.api.ProtocolVersion;
import io.meridian.rpc.client.ClientRequest;
import io.meridian.rpc.client.ClientResponse;
import io.meridian.rpc.client.Error;
import io.meridian.rpc.client.Handshake;
import io.meridian.rpc.client.HandshakeOk;
import io.meridian.rpc.net.ConnectionClosedException;
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
 * delayed by the simulated one-way latency each way. A session's state never straddles two
 * nodes, and it follows the leadership whenever it holds none: a local session moves when it
 * holds no transaction or cursor, a relayed one (see {@link RelayedSessionState}) when the leader
 * it relays to is no longer the one Paxos names, or its connection is gone. While no leader is
 * known a request waits for one (up to {@link #LEADER_WAIT_MILLIS_MAX}) instead of failing.
 *
 * <p>A request lost with its leader: one that was never sent goes to the next leader; a query or
 * a request without effect runs again there; a write or commit that may have committed fails with
 * 40003 (outcome unknown, never retried here); a statement inside an explicit transaction fails
 * with 08006 (the transaction, which lived on the old leader, is rolled back).
 */
final class GatewaySession implements ClientSessionHandler {
    static final int RELAY_CONNECT_MILLIS_MAX = 2_000;
    static final long RELAY_RESPONSE_MILLIS_MAX = 60_000;
    /** How long a request waits for the tablet to have a leader (an election takes 1-2 s). */
    static final long LEADER_WAIT_MILLIS_MAX = 10_000;
    static final long LEADER_POLL_MILLIS = 10;

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
    private volatile boolean waitCancelled;
    private Topology.Node relayTarget;
    private long relayRequestIds;
    private final RelayedSessionState relayState = new RelayedSessionState();
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
        } else if (channel == null) {
            waitCancelled = true; // a request waiting for a leader
        } else {
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
        if (relay != null && !relayState.holdsState() && (engine != null || !relay.isOpen()
                || node.replica().leaderHint() != relayTarget.id())) {
            // Between transactions, and the leadership moved (or the leader's connection is gone): follow it.
            closeRelay();
        }
        if (relay != null) {
            return relay(request, deadline(request));
        }
        return route(request, deadline(request));
    }

    /** When a request stops waiting for a leader: the bound, or its own statement timeout if shorter. */
    private static long deadline(ClientRequest request) {
        long millis = LEADER_WAIT_MILLIS_MAX;
        if (request.hasExecute() && request.getExecute().getTimeoutMillis() > 0) {
            millis = Math.min(millis, request.getExecute().getTimeoutMillis());
        }
        return System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
    }

    /**
     * Runs a request where the tablet's leader is: here when this node's engine is ready, else on
     * a new relayed session to the leader Paxos names; while there is none, waits for one.
     */
    private ClientResponse route(ClientRequest request, long deadlineNanos) {
        String lastFailure = "";
        waitCancelled = false;
        while (true) {
            SqlEngine engine = node.engine();
            if (engine != null) {
                return runLocally(engine, request);
            }
            int leader = node.replica().leaderHint();
            if (leader >= 0 && leader != node.self().id()) {
                try {
                    openRelay(leader);
                    return relay(request, deadlineNanos);
                } catch (IOException e) {
                    // The hint may still name a leader that just died: wait for the election.
                    lastFailure = "; last attempt: node " + leader + ": " + e.getMessage();
                }
            }
            if (waitCancelled) {
                return error(request, "57014", "canceling statement due to user request (while waiting for a leader)");
            }
            if (System.nanoTime() - deadlineNanos > 0) {
                return error(request, "57P03", "the tablet has no leader after " + LEADER_WAIT_MILLIS_MAX
                        + " ms (election in progress); retry shortly" + lastFailure);
            }
            try {
                TimeUnit.MILLISECONDS.sleep(LEADER_POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return error(request, "57014", "interrupted");
            }
        }
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

    private ClientResponse relay(ClientRequest request, long deadlineNanos) {
        try {
            long requestId = ++relayRequestIds;
            pause(relayTarget);
            ClientResponse response = relay.call(request.toBuilder().setRequestId(requestId).build());
            pause(relayTarget);
            relayState.observe(request, response);
            return response.toBuilder().setRequestId(request.getRequestId()).build();
        } catch (ConnectionClosedException e) {
            // Not sent: it had no effect anywhere, so it may go to the next leader.
            boolean held = relayState.holdsState();
            closeRelay();
            return held ? error(request, "08006", "lost the connection to the leader: " + e.getMessage()
                    + "; the open transaction there is rolled back") : route(request, deadlineNanos);
        } catch (IOException e) {
            boolean held = relayState.holdsState();
            closeRelay();
            return lostInFlight(request, held, e, deadlineNanos);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return error(request, "57014", "interrupted");
        }
    }

    /**
     * The leader's connection broke while it ran the request: whatever the session held there is
     * gone. A request that cannot have changed data runs again on the next leader; one that may
     * have committed says its outcome is unknown; one inside a transaction says it rolled back.
     */
    private ClientResponse lostInFlight(ClientRequest request, boolean held, IOException e, long deadlineNanos) {
        String lost = "lost the connection to the leader while it ran the request (" + e.getMessage() + ")";
        if (request.getKindCase() == ClientRequest.KindCase.ROLLBACK
                || request.getKindCase() == ClientRequest.KindCase.CLOSE_CURSOR) {
            // Done already: the old leader's session, its transaction and cursors are gone.
            return ClientResponse.newBuilder().setRequestId(request.getRequestId()).setOk(Ok.getDefaultInstance()).build();
        }
        if (mayCommit(request, held)) {
            return error(request, "40003", lost + "; it may or may not have committed (outcome unknown): check before"
                    + " running it again");
        }
        boolean statement = request.hasExecute() || request.hasExecuteBatch();
        if (held || (statement && !autoCommit) || request.hasFetch()) {
            return error(request, "08006", lost + "; the open transaction and cursors there are rolled back");
        }
        // A query, PREPARE, PING or SET_AUTO_COMMIT: no effect on data, so it runs again.
        return route(request, deadlineNanos);
    }

    /**
     * Whether the request may have committed data when its leader died under it: a COMMIT, a
     * COMMIT statement in an open transaction, or an autocommit statement other than a query.
     */
    private boolean mayCommit(ClientRequest request, boolean held) {
        if (request.getKindCase() == ClientRequest.KindCase.COMMIT) {
            return true;
        }
        if (!request.hasExecute() && !request.hasExecuteBatch()) {
            return false;
        }
        String sql = request.hasExecute() ? request.getExecute().getSql() : request.getExecuteBatch().getSql();
        if (held) {
            return RelayedSessionState.transactionControl(sql).equals("END") && RelayedSessionState.commits(sql);
        }
        return autoCommit && !RelayedSessionState.isQuery(sql);
    }

    private void openRelay(int leader) throws IOException {
        Topology.Node target = node.topology().node(leader);
        NettyClientChannel channel = NettyClientChannel.connect(
                List.of(new InetSocketAddress(node.topology().host(), target.clientPort())), RELAY_CONNECT_MILLIS_MAX,
                RELAY_RESPONSE_MILLIS_MAX, FrameLimits.FRAME_BYTES_MAX);
        try {
            ClientResponse ok = channel.call(ClientRequest.newBuilder().setRequestId(++relayRequestIds)
                    .setHandshake(credentials).build());
            if (ok.hasError()) {
                throw new IOException("leader refused the session: " + ok.getError().getMessage());
            }
            relaySessionId = ok.getHandshakeOk().getSessionId();
            relayCancelKey = ok.getHandshakeOk().getCancelKey();
            ClientResponse mode = channel.call(setAutoCommit(++relayRequestIds));
            if (mode.hasError()) {
                throw new IOException("leader refused the autocommit mode: " + mode.getError().getMessage());
            }
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
        relay = channel;
        relayTarget = target;
        relayState.start(autoCommit);
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
