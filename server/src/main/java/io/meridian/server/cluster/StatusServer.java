package io.meridian.server.cluster;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.meridian.paxos.core.Membership;
import io.meridian.paxos.driver.NotLeaderException;
import io.meridian.paxos.driver.ReplicaStatus;
import io.meridian.truetime.TimeInterval;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A node's HTTP endpoint (loopback, for the cluster tooling): /status (JSON), /metrics (Prometheus
 * text), and, on the leader: POST /transfer-leader?to=N, which hands the tablet's leadership to
 * node N (200 once N leads); POST /add-node?id=N&region=R, which adds node N (ports from the
 * topology's bases) to the group as a learner and promotes it once caught up (200 once it votes);
 * POST /remove-node?id=N (200 once the removal is applied here). 409 when this node does not lead
 * or the change could not be made now, 400 for a bad request, 403 from anywhere but loopback.
 */
final class StatusServer implements AutoCloseable {
    static final long TRANSFER_WAIT_SECONDS_MAX = 10;
    /** Longer than the replica's own bound on a change (100 election timeouts, 100 s), so it reports first. */
    static final long MEMBERSHIP_WAIT_SECONDS_MAX = 110;

    private final HttpServer http;
    private final PrometheusMeterRegistry registry;

    private StatusServer(HttpServer http, PrometheusMeterRegistry registry) {
        this.http = http;
        this.registry = registry;
    }

    /** Serves the node's registry; TrueTime's meters (epsilon, commit wait, offset rejections) are already in it. */
    static StatusServer start(ClusterNode node, PrometheusMeterRegistry registry, InetSocketAddress address)
            throws IOException {
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        Gauge.builder("meridian.paxos.leader", node, n -> n.replica().isReadyLeader() ? 1 : 0)
                .description("1 while this replica is the tablet's ready leader").register(registry);
        Gauge.builder("meridian.paxos.applied.index", node, n -> n.stateMachine().appliedIndex())
                .description("last log slot applied to the tablet state machine").register(registry);
        Gauge.builder("meridian.client.connections", node, ClusterNode::openClientConnections)
                .description("open client connections").register(registry);
        HttpServer http = HttpServer.create(address, 16);
        // Four threads: a membership change holds one for up to MEMBERSHIP_WAIT_SECONDS_MAX.
        http.setExecutor(Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "http");
            t.setDaemon(true);
            return t;
        }));
        http.createContext("/metrics", exchange -> respond(exchange, "text/plain; version=0.0.4", registry.scrape()));
        http.createContext("/status", exchange -> respond(exchange, "application/json", statusJson(node)));
        http.createContext("/transfer-leader", exchange -> transferLeader(node, exchange));
        http.createContext("/add-node", exchange -> changeMembership(node, exchange, true));
        http.createContext("/remove-node", exchange -> changeMembership(node, exchange, false));
        http.start();
        return new StatusServer(http, registry);
    }

    static String statusJson(ClusterNode node) {
        TimeInterval now = node.trueTime().now();
        ReplicaStatus replica = node.replica().status();
        Membership membership = replica.membership();
        StringBuilder addresses = new StringBuilder();
        for (int member : membership.members()) {
            node.addressOf(member).ifPresent(a -> addresses.append(",\"address.").append(member).append("\":\"")
                    .append(NodeAddresses.encode(a)).append('"'));
        }
        return String.format(Locale.ROOT,
                "{\"node\":%d,\"region\":\"%s\",\"clientPort\":%d,\"leader\":%s,\"leaderHint\":%d,\"lease\":%s,"
                        + "\"leaseEndMicros\":%d,\"appliedIndex\":%d,\"lastCommitMicros\":%d,\"epsilonMicros\":%d,"
                        + "\"sqlReady\":%s,\"sqlWarm\":%s,\"connections\":%d,\"role\":\"%s\",\"voters\":[%s],"
                        + "\"learners\":[%s],\"logEntries\":%d,\"snapshotIndex\":%d%s}",
                node.self().id(), node.self().region(), node.self().clientPort(), node.replica().isReadyLeader(),
                node.replica().leaderHint(), node.replica().hasValidLease(), replica.leaseEndMicros(),
                node.stateMachine().appliedIndex(),
                node.stateMachine().lastCommitTimestamp().physicalMicros(), now.epsilonMicros(), node.engine() != null,
                node.sqlWarm(), node.openClientConnections(), role(node, membership), ids(membership.voters()),
                ids(membership.learners()),
                Math.max(0, replica.lastIndex() - replica.compactedIndex()), replica.snapshotIndex(), addresses);
    }

    /** voter, learner, or removed (not in the membership this node's log names), and whether it leads. */
    private static String role(ClusterNode node, Membership membership) {
        int id = node.self().id();
        String member = membership.isVoter(id) ? "voter" : membership.contains(id) ? "learner" : "removed";
        return node.replica().isReadyLeader() ? "leader" : member;
    }

    private static String ids(java.util.Set<Integer> ids) {
        return String.join(",", ids.stream().map(String::valueOf).toList());
    }

    /** POST /add-node?id=N&region=R or /remove-node?id=N, on the leader; waits for the change. */
    private static void changeMembership(ClusterNode node, HttpExchange exchange, boolean add) throws IOException {
        String query = exchange.getRequestURI().getQuery();
        String usage = add ? "use POST /add-node?id=<node id>&region=<region>\n" : "use POST /remove-node?id=<node id>\n";
        if (!exchange.getRemoteAddress().getAddress().isLoopbackAddress()) {
            respond(exchange, 403, "text/plain", "membership changes are taken from loopback only\n");
            return;
        }
        if (!exchange.getRequestMethod().equals("POST") || query == null
                || !query.matches(add ? "id=\\d{1,9}&region=[A-Za-z0-9_.:-]{1,64}" : "id=\\d{1,9}")) {
            respond(exchange, 400, "text/plain", usage);
            return;
        }
        String[] params = query.split("&");
        int id = Integer.parseInt(params[0].substring(3));
        String what = (add ? "adding" : "removing") + " node " + id;
        try {
            CompletableFuture<Membership> change = add
                    ? node.addNode(node.topology().extraNode(id, params[1].substring("region=".length())))
                    : node.removeNode(id);
            Membership result = change.get(MEMBERSHIP_WAIT_SECONDS_MAX, TimeUnit.SECONDS);
            respond(exchange, 200, "text/plain", (add ? "node " + id + " is a voter: " : "node " + id + " removed: ")
                    + result + "\n");
        } catch (IllegalArgumentException e) {
            respond(exchange, 400, "text/plain", what + " failed: " + e.getMessage() + "\n");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            int code = cause instanceof IllegalArgumentException ? 400 : 409;
            respond(exchange, code, "text/plain", what + " failed: " + describe(cause) + "\n");
        } catch (TimeoutException e) {
            respond(exchange, 409, "text/plain", what + " not done in " + MEMBERSHIP_WAIT_SECONDS_MAX + " s\n");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            respond(exchange, 503, "text/plain", "interrupted\n");
        }
    }

    private static String describe(Throwable cause) {
        if (cause instanceof NotLeaderException n) {
            return "this node does not lead the tablet (leader hint: node " + n.leaderHint() + ")";
        }
        return cause.getClass().getSimpleName() + ": " + cause.getMessage();
    }

    private static void transferLeader(ClusterNode node, HttpExchange exchange) throws IOException {
        String query = exchange.getRequestURI().getQuery();
        if (!exchange.getRequestMethod().equals("POST") || query == null || !query.matches("to=\\d{1,9}")) {
            respond(exchange, 400, "text/plain", "use POST /transfer-leader?to=<node id>\n");
            return;
        }
        int target = Integer.parseInt(query.substring(3));
        try {
            node.transferLeadership(target).get(TRANSFER_WAIT_SECONDS_MAX, TimeUnit.SECONDS);
            respond(exchange, 200, "text/plain", "node " + target + " leads\n");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            int code = cause instanceof IllegalArgumentException ? 400 : 409;
            respond(exchange, code, "text/plain", "transfer to node " + target + " failed: " + cause.getMessage() + "\n");
        } catch (TimeoutException e) {
            respond(exchange, 409, "text/plain", "transfer to node " + target + " not done in "
                    + TRANSFER_WAIT_SECONDS_MAX + " s\n");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            respond(exchange, 503, "text/plain", "interrupted\n");
        }
    }

    private static void respond(HttpExchange exchange, String contentType, String body) throws IOException {
        respond(exchange, 200, contentType, body);
    }

    private static void respond(HttpExchange exchange, int code, String contentType, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(code, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        http.stop(0);
        registry.close();
    }
}
