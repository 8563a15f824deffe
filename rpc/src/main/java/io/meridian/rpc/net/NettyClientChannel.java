package io.meridian.rpc.net;

import io.meridian.rpc.api.ClientChannel;
import io.meridian.rpc.client.CancelRequest;
import io.meridian.rpc.client.ClientRequest;
import io.meridian.rpc.client.ClientResponse;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.ssl.NotSslRecordException;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.concurrent.Future;
import java.nio.channels.ClosedChannelException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A client's connection to a node: one request at a time, answered in order. The first address
 * that accepts a connection is used. All connections in a process share one small event loop.
 */
public final class NettyClientChannel implements ClientChannel {
    static final long CANCEL_MILLIS_MAX = 10_000;
    private static final EventLoopGroup EVENT_LOOP = new MultiThreadIoEventLoopGroup(1, runnable -> {
        Thread thread = new Thread(runnable, "meridian-client-io");
        thread.setDaemon(true);
        return thread;
    }, NioIoHandler.newFactory());

    private final Channel channel;
    private final int connectMillisMax;
    private final int frameBytesMax;
    private volatile long responseMillisMax;
    private ClientTls tls;
    private InetSocketAddress address;
    private volatile CompletableFuture<ClientResponse> pending;
    private volatile Throwable closedBy;

    private NettyClientChannel(Channel channel, int connectMillisMax, long responseMillisMax, int frameBytesMax) {
        this.channel = channel;
        this.connectMillisMax = connectMillisMax;
        this.responseMillisMax = responseMillisMax;
        this.frameBytesMax = frameBytesMax;
    }

    /** Connects to the first reachable address; {@code responseMillisMax} 0 means wait forever. */
    public static NettyClientChannel connect(List<InetSocketAddress> addresses, int connectMillisMax,
            long responseMillisMax, int frameBytesMax) throws IOException {
        return connect(addresses, connectMillisMax, responseMillisMax, frameBytesMax, null);
    }

    /** With {@code tls} non-null the connection speaks TLS, checking the server as it says. */
    public static NettyClientChannel connect(List<InetSocketAddress> addresses, int connectMillisMax,
            long responseMillisMax, int frameBytesMax, ClientTls tls) throws IOException {
        SslContext sslContext = tls == null ? null : tls.sslContext();
        IOException last = new IOException("no addresses to connect to");
        for (InetSocketAddress address : addresses) {
            NettyClientChannel[] self = new NettyClientChannel[1];
            Bootstrap bootstrap = new Bootstrap().group(EVENT_LOOP).channel(NioSocketChannel.class)
                    .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, connectMillisMax)
                    .option(ChannelOption.TCP_NODELAY, true)
                    .handler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            if (sslContext != null) {
                                ch.pipeline().addLast("tls", sslContext.newHandler(ch.alloc(), address.getHostString(),
                                        address.getPort()));
                            }
                            ProtobufFrameCodec.install(ch.pipeline(), ClientResponse.parser(), frameBytesMax);
                            ch.pipeline().addLast("responses", new SimpleChannelInboundHandler<ClientResponse>() {
                                @Override
                                protected void channelRead0(ChannelHandlerContext ctx, ClientResponse response) {
                                    self[0].deliver(response);
                                }

                                // Before connect() returns, self[0] is still null: a connection closed
                                // that early needs no record, as calls check channel.isActive() too.
                                @Override
                                public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                                    if (self[0] != null) {
                                        self[0].fail(cause);
                                    }
                                    ctx.close();
                                }

                                @Override
                                public void channelInactive(ChannelHandlerContext ctx) {
                                    if (self[0] != null) {
                                        self[0].fail(new IOException("connection closed by the server"));
                                    }
                                }
                            });
                        }
                    });
            ChannelFuture connected = bootstrap.connect(address).awaitUninterruptibly();
            if (connected.isSuccess()) {
                self[0] = new NettyClientChannel(connected.channel(), connectMillisMax, responseMillisMax, frameBytesMax);
                self[0].tls = tls;
                self[0].address = address;
                if (sslContext != null) {
                    awaitTlsHandshake(connected.channel(), address, connectMillisMax);
                }
                return self[0];
            }
            last = new IOException("cannot connect to " + address + ": " + connected.cause().getMessage(), connected.cause());
        }
        throw last;
    }

    private static void awaitTlsHandshake(Channel channel, InetSocketAddress address, int connectMillisMax)
            throws IOException {
        Future<Channel> handshake = channel.pipeline().get(SslHandler.class).handshakeFuture();
        if (!handshake.awaitUninterruptibly(connectMillisMax)) {
            channel.close();
            throw new IOException("TLS handshake with " + address + " did not finish within " + connectMillisMax + " ms");
        }
        if (!handshake.isSuccess()) {
            channel.close();
            Throwable cause = handshake.cause();
            String hint = cause instanceof NotSslRecordException || cause instanceof ClosedChannelException
                    ? " (is TLS enabled on the server?)" : "";
            throw new IOException("TLS handshake with " + address + " failed: " + cause.getMessage() + hint, cause);
        }
    }

    private void deliver(ClientResponse response) {
        CompletableFuture<ClientResponse> waiting = pending;
        if (waiting != null) {
            waiting.complete(response);
        }
    }

    private void fail(Throwable cause) {
        closedBy = cause;
        CompletableFuture<ClientResponse> waiting = pending;
        if (waiting != null) {
            waiting.completeExceptionally(cause);
        }
    }

    /** A second connection to the same server carries the cancel, as the first is busy. */
    @Override
    public void cancel(long sessionId, long cancelKey) throws IOException {
        // The address as the user named it, so TLS checks the same host name again.
        NettyClientChannel canceller = connect(List.of(address), connectMillisMax, CANCEL_MILLIS_MAX, frameBytesMax, tls);
        try {
            canceller.call(ClientRequest.newBuilder().setRequestId(1).setCancel(
                    CancelRequest.newBuilder().setSessionId(sessionId).setCancelKey(cancelKey)).build());
        } finally {
            canceller.close();
        }
    }

    @Override
    public void setResponseMillisMax(long millis) {
        responseMillisMax = millis;
    }

    @Override
    public void abort() {
        channel.close();
    }

    /** False once the connection is known closed: a call would then fail without sending. */
    public boolean isOpen() {
        return closedBy == null && channel.isActive();
    }

    @Override
    public synchronized ClientResponse call(ClientRequest request) throws IOException {
        if (closedBy != null || !channel.isActive()) {
            throw new ConnectionClosedException("connection is closed" + (closedBy == null ? "" : ": " + describe(closedBy)));
        }
        CompletableFuture<ClientResponse> response = new CompletableFuture<>();
        pending = response;
        try {
            // The connection may have closed between the check above and publishing the future:
            // fail() completes only a future it can see, so look again (both fields are volatile).
            Throwable closed = closedBy;
            if (closed != null) {
                throw new ConnectionClosedException("connection is closed: " + describe(closed));
            }
            channel.writeAndFlush(request).addListener(written -> {
                if (!written.isSuccess()) {
                    // Not written, so not run: a caller may send it elsewhere.
                    response.completeExceptionally(new ConnectionClosedException(
                            "connection is closed: the request could not be sent: " + describe(written.cause())));
                }
            });
            long waitMillis = responseMillisMax;
            ClientResponse r = waitMillis > 0 ? response.get(waitMillis, TimeUnit.MILLISECONDS) : response.get();
            if (r.getRequestId() == 0 && request.getRequestId() != 0) {
                // A connection-level error frame: the server is closing this connection.
                channel.close();
            }
            return r;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof ConnectionClosedException notSent) {
                throw notSent;
            }
            throw new IOException(describe(e.getCause()), e.getCause());
        } catch (TimeoutException e) {
            channel.close();
            throw new IOException("no response within " + responseMillisMax + " ms; connection closed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            channel.close();
            throw new IOException("interrupted while waiting for a response", e);
        } finally {
            pending = null;
        }
    }

    @Override
    public void close() {
        channel.close().awaitUninterruptibly();
    }

    /** Netty's closed-channel exceptions have no message; the user should still read what happened. */
    private static String describe(Throwable cause) {
        return cause.getMessage() != null ? cause.getMessage() : cause.getClass().getSimpleName();
    }
}
