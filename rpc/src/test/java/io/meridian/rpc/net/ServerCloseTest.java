package io.meridian.rpc.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.meridian.rpc.api.ClientSessionHandler;
import io.meridian.rpc.client.ClientRequest;
import io.meridian.rpc.client.ClientResponse;
import io.meridian.rpc.client.Ok;
import io.meridian.rpc.client.Ping;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.SingleThreadEventExecutor;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

/**
 * Closing the server must reach every accepted connection, whatever its event loop is doing at
 * that moment: a client that never hears the close waits forever (or for its network timeout).
 */
class ServerCloseTest {
    /** Far above the few milliseconds a close takes on loopback: a wait this long means the close was lost. */
    static final long RESPONSE_MILLIS_MAX = 10_000;
    static final long CLOSE_MILLIS_MAX = RESPONSE_MILLIS_MAX / 2;
    static final int FRAME_BYTES_MAX = 1024 * 1024;

    ExecutorService sessionPool;
    ClientProtocolServer server;

    @BeforeEach
    void start() throws InterruptedException {
        sessionPool = Executors.newFixedThreadPool(2);
        server = ClientProtocolServer.start(new InetSocketAddress("127.0.0.1", 0), OkSession::new, sessionPool,
                new FrameLimits(FRAME_BYTES_MAX, 60));
    }

    @AfterEach
    void stop() throws InterruptedException {
        server.close();
        sessionPool.shutdownNow();
        assertTrue(sessionPool.awaitTermination(10, TimeUnit.SECONDS));
    }

    /**
     * The interleaving that hung NetworkJdbcTest under load: the connection's event loop is running
     * a task (not waiting in select) when the server shuts the loops down. Netty's loop then ends
     * without closing its channels, and the socket stayed open, silent, until the process exited.
     */
    @Test
    void closeReachesAConnectionWhoseEventLoopIsBusy() throws Exception {
        NettyClientChannel client = connect();
        assertTrue(client.call(ping(1)).hasOk());
        List<CountDownLatch> held = holdEveryWorkerLoopUntilAskedForWork();
        ExecutorService caller = Executors.newSingleThreadExecutor();
        try {
            // Sent while the loop is held, so the server cannot read it before it starts closing.
            Future<ClientResponse> reply = caller.submit(() -> client.call(ping(2)));
            Thread closer = new Thread(server::close, "server-close");
            long started = System.nanoTime();
            closer.start();
            try {
                ClientResponse response = reply.get(CLOSE_MILLIS_MAX, TimeUnit.MILLISECONDS);
                fail("the closing server answered: " + response);
            } catch (ExecutionException e) {
                assertInstanceOf(IOException.class, e.getCause());
                assertFalse(e.getCause().getMessage().contains("no response within"), e.getCause().getMessage());
            } catch (TimeoutException e) {
                fail("the close did not reach the client within " + CLOSE_MILLIS_MAX + " ms");
            }
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
            assertTrue(millis < CLOSE_MILLIS_MAX, "the close took " + millis + " ms to reach the client");
            assertFalse(client.isOpen());
            closer.join(TimeUnit.SECONDS.toMillis(10));
            assertFalse(closer.isAlive(), "server close finished");
            for (CountDownLatch released : held) {
                assertEquals(0, released.getCount(), "every held loop was let go");
            }
        } finally {
            caller.shutdownNow();
            client.close();
        }
    }

    /** Without forcing anything: connections open at close time all see it promptly. */
    @RepeatedTest(5)
    void closeReachesEveryOpenConnection() throws Exception {
        List<NettyClientChannel> clients = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            NettyClientChannel client = connect();
            assertTrue(client.call(ping(1)).hasOk());
            clients.add(client);
        }
        server.close();
        long started = System.nanoTime();
        for (NettyClientChannel client : clients) {
            assertThrows(IOException.class, () -> client.call(ping(2)));
        }
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        assertTrue(millis < CLOSE_MILLIS_MAX, "the close took " + millis + " ms to reach the clients");
        clients.forEach(NettyClientChannel::close);
    }

    private NettyClientChannel connect() throws IOException {
        return NettyClientChannel.connect(List.of(server.address()), 5_000, RESPONSE_MILLIS_MAX, FRAME_BYTES_MAX);
    }

    /**
     * Runs a task on each worker loop that returns only once the loop is asked to do something
     * else: shut down, or run a task such as closing a channel. The loop has then passed its
     * "am I shutting down?" check for this turn, which is the window the close must survive.
     */
    private List<CountDownLatch> holdEveryWorkerLoopUntilAskedForWork() throws InterruptedException {
        List<CountDownLatch> released = new ArrayList<>();
        for (EventExecutor executor : server.workers()) {
            SingleThreadEventExecutor loop = (SingleThreadEventExecutor) executor;
            CountDownLatch entered = new CountDownLatch(1);
            CountDownLatch done = new CountDownLatch(1);
            loop.execute(() -> {
                entered.countDown();
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                while (!loop.isShuttingDown() && loop.pendingTasks() == 0 && System.nanoTime() < deadline) {
                    Thread.onSpinWait();
                }
                done.countDown();
            });
            assertTrue(entered.await(10, TimeUnit.SECONDS));
            released.add(done);
        }
        return released;
    }

    private static ClientRequest ping(long requestId) {
        return ClientRequest.newBuilder().setRequestId(requestId).setPing(Ping.getDefaultInstance()).build();
    }

    /** Answers every request with Ok. */
    private static final class OkSession implements ClientSessionHandler {
        @Override
        public ClientResponse handle(ClientRequest request) {
            return ClientResponse.newBuilder().setRequestId(request.getRequestId()).setOk(Ok.getDefaultInstance()).build();
        }

        @Override
        public void close() {
        }
    }
}
