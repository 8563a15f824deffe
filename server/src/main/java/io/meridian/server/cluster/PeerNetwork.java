package io.meridian.server.cluster;

import io.meridian.paxos.core.PaxosMessage;
import io.meridian.paxos.driver.PaxosReplica;
import io.meridian.paxos.driver.PaxosTransport;
import io.meridian.rpc.net.FrameLimits;
import io.meridian.rpc.net.ProtobufFrameCodec;
import io.meridian.rpc.paxos.PeerFrame;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
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
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Replica-to-replica messages between node processes over Netty, with the simulated geography
 * applied on the sending side. Delivery is best effort, as Paxos assumes: a message to a peer
 * that is down, unreachable or not draining its socket is dropped, and the protocol retransmits.
 * Each outgoing connection reconnects with capped exponential backoff.
 */
final class PeerNetwork implements PaxosTransport, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PeerNetwork.class);
    static final long RECONNECT_MILLIS_MIN = 100;
    /**
     * Below the shortest election timeout (500 ms): a peer that (re)starts is reached within one,
     * so it hears the leader (or the preferred node's campaign) before its own timer fires. With
     * 2 s, a node that came up after its peers stayed deaf to them for up to 2 s at start.
     */
    static final long RECONNECT_MILLIS_MAX = 400;
    static final int CONNECT_MILLIS_MAX = 2_000;

    private final Topology topology;
    private final int localNode;
    private final LatencyModel latency;
    private final ScheduledExecutorService delays;
    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
    private final Map<Long, PaxosReplica> replicas = new ConcurrentHashMap<>();
    private final Map<Integer, Peer> peers = new ConcurrentHashMap<>();
    private Channel listener;
    private volatile boolean closed;

    PeerNetwork(Topology topology, int localNode, ScheduledExecutorService delays, long seed) {
        this.topology = topology;
        this.localNode = localNode;
        this.latency = new LatencyModel(topology, topology.node(localNode).region(), seed);
        this.delays = delays;
    }

    void register(PaxosReplica replica) {
        replicas.put(replica.groupId(), replica);
    }

    void start() throws InterruptedException {
        Topology.Node self = topology.node(localNode);
        listener = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ProtobufFrameCodec.install(ch.pipeline(), PeerFrame.parser(), FrameLimits.FRAME_BYTES_MAX);
                        ch.pipeline().addLast(new Inbound());
                    }
                }).bind(new InetSocketAddress(topology.host(), self.peerPort())).sync().channel();
        for (Topology.Node node : topology.nodes()) {
            if (node.id() != localNode) {
                Peer peer = new Peer(node);
                peers.put(node.id(), peer);
                peer.connect();
            }
        }
    }

    @Override
    public void send(long groupId, PaxosMessage message) {
        Peer peer = peers.get(message.to());
        if (peer == null || closed) {
            return;
        }
        PeerFrame frame = PeerFrame.newBuilder().setPaxos(PaxosProtoCodec.encode(groupId, message)).build();
        long delay = latency.delayMillisTo(peer.node.region());
        if (delay == 0) {
            peer.write(frame);
        } else {
            delays.schedule(() -> peer.write(frame), delay, TimeUnit.MILLISECONDS);
        }
    }

    /** One remote node: its outgoing channel, reconnected when it drops. */
    private final class Peer {
        final Topology.Node node;
        volatile Channel channel;
        long backoffMillis = RECONNECT_MILLIS_MIN;

        Peer(Topology.Node node) {
            this.node = node;
        }

        void write(PeerFrame frame) {
            Channel c = channel;
            if (c != null && c.isActive() && c.isWritable()) {
                c.writeAndFlush(frame);
            }
        }

        void connect() {
            if (closed) {
                return;
            }
            ChannelFuture future = new Bootstrap().group(group).channel(NioSocketChannel.class)
                    .option(ChannelOption.TCP_NODELAY, true).option(ChannelOption.CONNECT_TIMEOUT_MILLIS, CONNECT_MILLIS_MAX)
                    .handler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            ProtobufFrameCodec.install(ch.pipeline(), PeerFrame.parser(), FrameLimits.FRAME_BYTES_MAX);
                        }
                    }).connect(new InetSocketAddress(topology.host(), node.peerPort()));
            future.addListener(f -> {
                if (f.isSuccess()) {
                    backoffMillis = RECONNECT_MILLIS_MIN;
                    Channel c = future.channel();
                    c.writeAndFlush(PeerFrame.newBuilder().setHelloFromNode(localNode).build());
                    channel = c;
                    c.closeFuture().addListener(x -> reconnectLater());
                } else {
                    reconnectLater();
                }
            });
        }

        private void reconnectLater() {
            if (closed) {
                return;
            }
            long wait = backoffMillis;
            backoffMillis = Math.min(RECONNECT_MILLIS_MAX, backoffMillis * 2);
            group.schedule(this::connect, wait, TimeUnit.MILLISECONDS);
        }
    }

    /** An incoming connection: a hello naming the sender, then Paxos envelopes for our replicas. */
    private final class Inbound extends SimpleChannelInboundHandler<PeerFrame> {
        private int remote = -1;

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, PeerFrame frame) {
            if (remote < 0) {
                if (frame.getKindCase() != PeerFrame.KindCase.HELLO_FROM_NODE || !peers.containsKey(frame.getHelloFromNode())) {
                    LOG.warn("closing peer connection from {}: no valid hello", ctx.channel().remoteAddress());
                    ctx.close();
                    return;
                }
                remote = frame.getHelloFromNode();
                return;
            }
            if (frame.getKindCase() != PeerFrame.KindCase.PAXOS) {
                ctx.close();
                return;
            }
            PaxosMessage message;
            try {
                message = PaxosProtoCodec.decode(frame.getPaxos());
            } catch (IllegalArgumentException e) {
                LOG.warn("closing peer connection from node {}: {}", remote, e.getMessage());
                ctx.close();
                return;
            }
            PaxosReplica replica = replicas.get(frame.getPaxos().getGroupId());
            if (replica != null && message.to() == localNode && message.from() == remote) {
                replica.receive(message);
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            LOG.warn("closing peer connection from node {}: {}", remote, cause.toString());
            ctx.close();
        }
    }

    @Override
    public void close() {
        closed = true;
        if (listener != null) {
            listener.close().awaitUninterruptibly();
        }
        for (Peer p : peers.values()) {
            if (p.channel != null) {
                p.channel.close().awaitUninterruptibly();
            }
        }
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly();
    }
}
