package io.meridian.server;

import io.meridian.rpc.net.ClientProtocolServer;
import io.meridian.rpc.net.FrameLimits;
import io.netty.handler.ssl.SslContext;
import io.meridian.server.auth.Authenticator;
import io.meridian.server.embedded.EmbeddedRegistry;
import io.meridian.server.session.ClientSession;
import io.meridian.server.session.SessionRegistry;
import io.meridian.sql.ResultMetrics;
import io.meridian.sql.SqlStateException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A node process's server: the database in its data directory (today the embedded three-replica
 * group) and the client protocol listener in front of it.
 */
public final class NodeServer implements AutoCloseable {
    static final int SESSION_THREADS_MAX = 64;
    static final long REAP_PERIOD_MILLIS = 1_000;

    private final EmbeddedRegistry.Lease database;
    private final ExecutorService sessionPool;
    private final ClientProtocolServer listener;
    private final ScheduledExecutorService reaper;
    private boolean closed;

    private NodeServer(EmbeddedRegistry.Lease database, ExecutorService sessionPool, ClientProtocolServer listener,
            ScheduledExecutorService reaper) {
        this.reaper = reaper;
        this.database = database;
        this.sessionPool = sessionPool;
        this.listener = listener;
    }

    public static NodeServer start(Path data, InetSocketAddress address, Authenticator authenticator, FrameLimits limits)
            throws IOException, SqlStateException, InterruptedException {
        return start(data, address, authenticator, limits, null);
    }

    /** With {@code tls} non-null clients must connect with TLS. */
    public static NodeServer start(Path data, InetSocketAddress address, Authenticator authenticator, FrameLimits limits,
            SslContext tls) throws IOException, SqlStateException, InterruptedException {
        return start(data, address, authenticator, limits, tls, SessionRegistry.CURSOR_IDLE_MILLIS_MAX);
    }

    /** {@code cursorIdleMillisMax}: how long an autocommit result set may sit unread before it is closed. */
    public static NodeServer start(Path data, InetSocketAddress address, Authenticator authenticator, FrameLimits limits,
            SslContext tls, long cursorIdleMillisMax) throws IOException, SqlStateException, InterruptedException {
        EmbeddedRegistry.Lease database = EmbeddedRegistry.acquire(data.resolve("db"));
        AtomicInteger threadIds = new AtomicInteger();
        // Sessions block on commit wait and replication, so they get threads of their own; the
        // bound keeps a flood of clients from exhausting the process, the queue absorbs bursts.
        ThreadPoolExecutor sessionPool = new ThreadPoolExecutor(SESSION_THREADS_MAX, SESSION_THREADS_MAX, 60,
                TimeUnit.SECONDS, new LinkedBlockingQueue<>(), runnable -> {
                    Thread thread = new Thread(runnable, "session-" + threadIds.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
        sessionPool.allowCoreThreadTimeOut(true);
        AtomicLong sessionIds = new AtomicLong();
        SessionRegistry registry = new SessionRegistry(cursorIdleMillisMax);
        try {
            ClientProtocolServer listener = ClientProtocolServer.start(address,
                    () -> new ClientSession(database.cluster().engine().openSession(), sessionIds.incrementAndGet(),
                            authenticator, registry), sessionPool, limits, tls);
            ScheduledExecutorService reaper = Executors.newSingleThreadScheduledExecutor(runnable -> {
                Thread thread = new Thread(runnable, "cursor-reaper");
                thread.setDaemon(true);
                return thread;
            });
            long periodMillis = Math.max(10, Math.min(REAP_PERIOD_MILLIS, cursorIdleMillisMax / 4));
            reaper.scheduleWithFixedDelay(() -> registry.reap(System.nanoTime(), sessionPool), periodMillis, periodMillis,
                    TimeUnit.MILLISECONDS);
            return new NodeServer(database, sessionPool, listener, reaper);
        } catch (RuntimeException | InterruptedException e) {
            sessionPool.shutdownNow();
            database.close();
            throw e;
        }
    }

    public InetSocketAddress address() {
        return listener.address();
    }

    /** Rows read and held by this node's query cursors (tests assert streaming with it). */
    public ResultMetrics resultMetrics() {
        return database.cluster().engine().resultMetrics();
    }

    public int openConnections() {
        return listener.openConnections();
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        reaper.shutdownNow();
        listener.close();
        sessionPool.shutdown();
        try {
            sessionPool.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        database.close();
    }
}
