package io.meridian.server.cluster;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/**
 * A node's peer network, closed, closes its connections: its peers notice at once, and connect
 * again when the node comes back on the same port.
 */
class PeerNetworkCloseTest {
    /** Far above what a close or a reconnect (backoff at most 400 ms) takes on loopback. */
    static final long WAIT_MILLIS_MAX = 5_000;

    @Test
    void peersSeeACloseAtOnceAndReconnectWhenTheNodeReturns() throws Exception {
        int[] ports = freePorts(2);
        Topology topology = new Topology("close-test", List.of(new Topology.Region("local", 1_000)),
                List.of(new Topology.Node(1, "local", 0, ports[0], 0), new Topology.Node(2, "local", 0, ports[1], 0)),
                Map.of(), 0, "local", "127.0.0.1", Topology.TimeSource.HLC);
        ScheduledExecutorService delays = Executors.newSingleThreadScheduledExecutor();
        PeerNetwork one = new PeerNetwork(topology, 1, delays, 1);
        PeerNetwork[] two = {new PeerNetwork(topology, 2, delays, 2)};
        try {
            two[0].start();
            one.start();
            assertWithin(() -> one.connectedTo(2) && two[0].connectedTo(1), "both connected");
            for (int round = 0; round < 3; round++) {
                two[0].close();
                assertWithin(() -> !one.connectedTo(2), "round " + round + ": node 1 saw node 2 close");
                two[0] = new PeerNetwork(topology, 2, delays, 2);
                two[0].start();
                assertWithin(() -> one.connectedTo(2) && two[0].connectedTo(1), "round " + round + ": connected again");
            }
        } finally {
            one.close();
            two[0].close();
            delays.shutdownNow();
        }
    }

    private static void assertWithin(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(WAIT_MILLIS_MAX);
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, what + " within " + WAIT_MILLIS_MAX + " ms");
            Thread.sleep(5);
        }
    }

    private static int[] freePorts(int count) throws IOException {
        int[] ports = new int[count];
        ServerSocket[] sockets = new ServerSocket[count];
        try {
            for (int i = 0; i < count; i++) {
                sockets[i] = new ServerSocket(0);
                ports[i] = sockets[i].getLocalPort();
            }
        } finally {
            for (ServerSocket s : sockets) {
                if (s != null) {
                    s.close();
                }
            }
        }
        return ports;
    }
}
