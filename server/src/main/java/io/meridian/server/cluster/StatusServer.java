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
import java.util.concurrent.Executors;

/** A node's HTTP endpoint: /status (JSON, for cluster status) and /metrics (Prometheus text). */
final class StatusServer implements AutoCloseable {
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
        http.start();
        return new StatusServer(http, registry);
    }

    static String statusJson(ClusterNode node) {
        TimeInterval now = node.trueTime().now();
        return String.format(Locale.ROOT,
                "{\"node\":%d,\"region\":\"%s\",\"clientPort\":%d,\"leader\":%s,\"leaderHint\":%d,\"lease\":%s,"
                        + "\"leaseEndMicros\":%d,\"appliedIndex\":%d,\"lastCommitMicros\":%d,\"epsilonMicros\":%d,"
                        + "\"sqlReady\":%s,\"connections\":%d}",
                node.self().id(), node.self().region(), node.self().clientPort(), node.replica().isReadyLeader(),
                node.replica().leaderHint(), node.replica().hasValidLease(), node.replica().status().leaseEndMicros(),
                node.stateMachine().appliedIndex(),
                node.stateMachine().lastCommitTimestamp().physicalMicros(), now.epsilonMicros(), node.engine() != null,
                node.openClientConnections());
    }

    private static void respond(HttpExchange exchange, String contentType, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(200, bytes.length);
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
