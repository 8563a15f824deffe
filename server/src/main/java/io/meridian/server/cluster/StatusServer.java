package io.meridian.server.cluster;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
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
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A node's HTTP endpoint (loopback, for the cluster tooling): /status (JSON), /metrics (Prometheus
 * text), and POST /transfer-leader?to=N, which hands the tablet's leadership to node N when this
 * node leads (200 once N leads, 409 when it does not, 400 for a bad request).
 */
final class StatusServer implements AutoCloseable {
    static final long TRANSFER_WAIT_SECONDS_MAX = 10;

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
        http.setExecutor(Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "http");
            t.setDaemon(true);
            return t;
        }));
        http.createContext("/metrics", exchange -> respond(exchange, "text/plain; version=0.0.4", registry.scrape()));
        http.createContext("/status", exchange -> respond(exchange, "application/json", statusJson(node)));
        http.createContext("/transfer-leader", exchange -> transferLeader(node, exchange));
        http.start();
        return new StatusServer(http, registry);
    }

    static String statusJson(ClusterNode node) {
        TimeInterval now = node.trueTime().now();
        return String.format(Locale.ROOT,
                "{\"node\":%d,\"region\":\"%s\",\"clientPort\":%d,\"leader\":%s,\"leaderHint\":%d,\"lease\":%s,"
                        + "\"leaseEndMicros\":%d,\"appliedIndex\":%d,\"lastCommitMicros\":%d,\"epsilonMicros\":%d,"
                        + "\"sqlReady\":%s,\"sqlWarm\":%s,\"connections\":%d}",
                node.self().id(), node.self().region(), node.self().clientPort(), node.replica().isReadyLeader(),
                node.replica().leaderHint(), node.replica().hasValidLease(), node.replica().status().leaseEndMicros(),
                node.stateMachine().appliedIndex(),
                node.stateMachine().lastCommitTimestamp().physicalMicros(), now.epsilonMicros(), node.engine() != null,
                node.sqlWarm(), node.openClientConnections());
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
