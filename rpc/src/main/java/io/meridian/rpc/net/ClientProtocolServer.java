package io.meridian.rpc.net;

import io.meridian.rpc.api.ClientSessionFactory;
import io.meridian.rpc.api.ClientSessionHandler;
import io.meridian.rpc.client.ClientRequest;
import io.meridian.rpc.client.ClientResponse;
import io.meridian.rpc.client.Error;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.net.InetSocketAddress;
import java.util.Set;
import javax.net.ssl.SSLException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Accepts client connections and runs each one's session. Requests run on a worker pool, never
 * on the event loop (a statement may block on commit wait). A connection reads its next request
 * only after answering the last: one request in flight per connection is the back-pressure.
 * A malformed or oversized frame gets an error frame (request id 0) and that connection is
 * closed; so does a protocol violation or a refused handshake, after its error response. A
 * cancel request's connection closes after its answer. Every other connection carries on.
 */
public final class ClientProtocolServer implements AutoCloseable {
    static final String TLS_HANDLER = "tls";
    private static final System.Logger LOG = System.getLogger(ClientProtocolServer.class.getName());
    /** How long close waits for the connections to close before it stops the event loops regardless. */
    static final long CLOSE_MILLIS_MAX = 5_000;
    /** Answers after which the server closes the connection, as PostgreSQL does. */
    static final Set<String> CONNECTION_ENDING_STATES = Set.of("08P01", "08004", "28000", "28P01");

    private final EventLoopGroup boss;
    private final EventLoopGroup workers;
    private final ExecutorService sessionPool;
    private final AtomicInteger openConnections = new AtomicInteger();
    /** Every accepted connection until it closes: {@link #close} closes them itself (see there). */
    private final ChannelGroup connections = new DefaultChannelGroup("client-connections", GlobalEventExecutor.INSTANCE);
    private volatile boolean closing;
    private Channel listener;

    private ClientProtocolServer(ExecutorService sessionPool) {
        this.boss = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        this.workers = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
        this.sessionPool = sessionPool;
    }

    public static ClientProtocolServer start(InetSocketAddress address, ClientSessionFactory sessions,
            ExecutorService sessionPool, FrameLimits limits) throws InterruptedException {
        return start(address, sessions, sessionPool, limits, null);
    }

    /** With {@code tls} non-null every connection must speak TLS first. */
    public static ClientProtocolServer start(InetSocketAddress address, ClientSessionFactory sessions,
            ExecutorService sessionPool, FrameLimits limits, SslContext tls) throws InterruptedException {
        ClientProtocolServer server = new ClientProtocolServer(sessionPool);
        try {
            server.listener = server.bind(address, sessions, limits, tls);
            return server;
        } catch (RuntimeException | InterruptedException e) {
            server.boss.shutdownGracefully();
            server.workers.shutdownGracefully();
            throw e;
        }
    }

    private Channel bind(InetSocketAddress address, ClientSessionFactory sessions, FrameLimits limits, SslContext tls)
            throws InterruptedException {
        ServerBootstrap bootstrap = new ServerBootstrap().group(boss, workers).channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_BACKLOG, 128).childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.AUTO_READ, false)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel channel) {
                        connections.add(channel);
                        if (closing) {
                            // Accepted as the server closed: close() may have missed it, so it ends here.
                            channel.close();
                            return;
                        }
                        if (tls != null) {
                            channel.pipeline().addLast("tls-gate", new TlsGate(TLS_HANDLER));
                            channel.pipeline().addLast(TLS_HANDLER, tls.newHandler(channel.alloc()));
                        }
                        channel.pipeline().addLast("idle", new IdleStateHandler(limits.idleSecondsMax(), 0, 0));
                        ProtobufFrameCodec.install(channel.pipeline(), ClientRequest.parser(), limits.frameBytesMax());
                        channel.pipeline().addLast("session", new Connection(sessions.open()));
                    }
                });
        return bootstrap.bind(address).sync().channel();
    }

    public InetSocketAddress address() {
        return (InetSocketAddress) listener.localAddress();
    }

    public int openConnections() {
        return openConnections.get();
    }

    /** The event loops of the accepted connections (tests hold one busy to force an interleaving). */
    EventLoopGroup workers() {
        return workers;
    }

    /** One client connection: its session, fed one request at a time. */
    private final class Connection extends SimpleChannelInboundHandler<ClientRequest> {
        private final ClientSessionHandler session;

        Connection(ClientSessionHandler session) {
            this.session = session;
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            openConnections.incrementAndGet();
            ctx.read();
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, ClientRequest request) {
            sessionPool.execute(() -> {
                ClientResponse response;
                try {
                    response = session.handle(request);
                } catch (RuntimeException | java.lang.Error e) {
                    // A handler must answer, never throw; if one breaks that rule, the client still
                    // hears why instead of waiting forever, and the broken session is dropped.
                    fail(ctx, "XX000", "internal error: " + e);
                    return;
                }
                if (request.hasCancel() || endsConnection(response)) {
                    write(ctx, response, ChannelFutureListener.CLOSE);
                    return;
                }
                write(ctx, response, f -> {
                    if (f.isSuccess()) {
                        ctx.read();
                    } else {
                        ctx.close();
                    }
                });
            });
        }

        /**
         * Writes from a session thread with the listener attached before the write: attached after,
         * the write may already be done and the listener then runs on the connection's event loop,
         * which the server may have stopped meanwhile (Netty logs a rejected notification).
         */
        private static void write(ChannelHandlerContext ctx, ClientResponse response, ChannelFutureListener then) {
            ctx.writeAndFlush(response, ctx.newPromise().addListener(then));
        }

        /** A protocol violation or refused handshake: nothing good follows on this connection. */
        private static boolean endsConnection(ClientResponse response) {
            return response.hasError() && CONNECTION_ENDING_STATES.contains(response.getError().getSqlState());
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
            if (event instanceof IdleStateEvent) {
                fail(ctx, "57P05", "connection idle for too long; closing");
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            Throwable root = cause instanceof DecoderException && cause.getCause() != null ? cause.getCause() : cause;
            if (root instanceof SSLException) {
                fail(ctx, "08P01", "TLS handshake failed: " + root.getMessage());
            } else if (root instanceof TooLongFrameException || root instanceof MalformedFrameException) {
                fail(ctx, "08P01", "protocol violation: " + root.getMessage());
            } else {
                fail(ctx, "08006", "connection error: " + root);
            }
        }

        private void fail(ChannelHandlerContext ctx, String sqlState, String message) {
            ClientResponse error = ClientResponse.newBuilder().setRequestId(0)
                    .setError(Error.newBuilder().setSqlState(sqlState).setMessage(message)).build();
            write(ctx, error, ChannelFutureListener.CLOSE);
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            openConnections.decrementAndGet();
            // Nobody will read the answer: stop the running statement (as PostgreSQL does when
            // its client goes away), then close, which rolls back; off the event loop.
            session.cancel();
            sessionPool.execute(session::close);
        }
    }

    /**
     * Stops accepting, closes every connection (its client sees the close at once, and its session
     * is cancelled and closed), then stops the event loops. The connections are closed here and
     * not left to the loops' shutdown: a Netty 4.2 loop that is busy when asked to shut down can
     * end without closing its channels, leaving their sockets open and silent (a client waiting
     * for an answer would wait forever).
     */
    @Override
    public synchronized void close() {
        if (closing) {
            return;
        }
        closing = true;
        listener.close().awaitUninterruptibly();
        if (!connections.close().awaitUninterruptibly(CLOSE_MILLIS_MAX)) {
            LOG.log(System.Logger.Level.WARNING, "{0} client connections still closing after {1} ms; stopping the event"
                    + " loops anyway", connections.size(), CLOSE_MILLIS_MAX);
        }
        // No quiet period: by now the listener and the connections are closed, nothing new can arrive.
        boss.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        workers.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
