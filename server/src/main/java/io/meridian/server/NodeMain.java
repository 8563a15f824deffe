package io.meridian.server;

import io.meridian.rpc.net.ClientTls;
import io.meridian.rpc.net.FrameLimits;
import io.netty.handler.ssl.SslContext;
import io.meridian.server.auth.UserStore;
import io.meridian.server.cluster.ClusterNode;
import io.meridian.server.cluster.JoinPlan;
import io.meridian.server.session.SessionRegistry;
import io.meridian.server.cluster.Topology;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code bin/meridian start}: runs one node until SIGINT/SIGTERM, then shuts down cleanly. */
@Command(name = "start", mixinStandardHelpOptions = true, description = "Start a Meridian node server.")
public final class NodeMain implements Callable<Integer> {
    @Option(names = "--data", required = true, description = "The node's data directory.")
    Path data;

    @Option(names = "--topology", description = "Run as one node of this cluster topology (YAML) instead of a single node.")
    Path topology;

    @Option(names = "--node-id", description = "This node's id in --topology.")
    Integer nodeId;

    @Option(names = "--join", description = "Join plan (written by `cluster add-node`) of a node added to a running"
            + " cluster, not listed in --topology.")
    Path join;

    @Option(names = "--host", description = "Address to listen on (default: ${DEFAULT-VALUE}).")
    String host = "127.0.0.1";

    @Option(names = "--port", description = "Client port; 0 picks a free one (default: ${DEFAULT-VALUE}).")
    int port = 5433;

    @Option(names = "--admin-password", description = "Password of user 'admin', used only when the data directory is new"
            + " (default: ${DEFAULT-VALUE}).")
    String adminPassword = "admin";

    @Option(names = "--idle-timeout-seconds", description = "Close connections idle this long (default: ${DEFAULT-VALUE}).")
    int idleSecondsMax = FrameLimits.IDLE_SECONDS_MAX;

    @Option(names = "--cursor-idle-seconds", description = "Close an autocommit result set left unread this long, releasing"
            + " its locks (default: ${DEFAULT-VALUE}).")
    long cursorIdleSecondsMax = SessionRegistry.CURSOR_IDLE_MILLIS_MAX / 1_000;

    @Option(names = "--tls-cert", description = "PEM certificate chain: clients must then use TLS (ssl=true). Needs --tls-key;"
            + " bin/meridian tls-cert DIR makes a self-signed pair for tests.")
    Path tlsCert;

    @Option(names = "--tls-key", description = "PEM (PKCS#8) private key of --tls-cert.")
    Path tlsKey;

    public static void main(String[] args) {
        System.exit(new CommandLine(new NodeMain()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        if (topology != null) {
            return runClusterNode();
        }
        if ((tlsCert == null) != (tlsKey == null)) {
            throw new CommandLine.ParameterException(new CommandLine(this), "--tls-cert and --tls-key go together");
        }
        SslContext tls = tlsCert == null ? null : ClientTls.serverContext(tlsCert, tlsKey);
        UserStore users = UserStore.openOrCreate(data, adminPassword);
        NodeServer server = NodeServer.start(data, new InetSocketAddress(host, port), users,
                new FrameLimits(FrameLimits.FRAME_BYTES_MAX, idleSecondsMax), tls, cursorIdleSecondsMax * 1_000);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("meridian: shutting down");
            server.close();
            stopped.countDown();
        }, "shutdown"));
        InetSocketAddress address = server.address();
        System.out.println("meridian: node listening on " + address.getHostString() + ":" + address.getPort());
        System.out.println("meridian: JDBC URL jdbc:meridian://" + address.getHostString() + ":" + address.getPort()
                + "/meridian?user=admin&password=..." + (tls == null ? "" : "&ssl=true&sslRootCert=<ca.pem>"));
        stopped.await();
        return 0;
    }

    private int runClusterNode() throws Exception {
        if (nodeId == null) {
            throw new CommandLine.ParameterException(new CommandLine(this), "--topology needs --node-id");
        }
        ClusterNode node = new ClusterNode(Topology.load(topology), nodeId, join == null ? null : JoinPlan.read(join), data,
                adminPassword);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            node.close();
            stopped.countDown();
        }, "shutdown"));
        stopped.await();
        return 0;
    }
}
