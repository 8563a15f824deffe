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
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.GlobalEventExecutor;
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
 * Each outgoing connection reconnects with capped exponential backoff. The set of peers follows
 * the group's membership ({@link #follow}): a node added to the group is connected to once its
 * change is in this node's log, a removed one is let go.
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
    /** How long close waits for the peer connections to close before it stops the event loops regardless. */
    static final long CLOSE_MILLIS_MAX = 5_000;
    /**
     * Bytes queued on one peer connection before sends to it are dropped (Netty's write-buffer
     * high-water mark; the default 64 KiB would drop every snapshot chunk after the first of a
     * window: SnapshotSender keeps 4 chunks of up to 4 MiB in flight). Bounded, so a slow peer costs
     * at most this much memory.
     */
    static final int PEER_QUEUED_BYTES_MAX = 24 * 1024 * 1024;

    private final Topology topology;
    private final Topology.Node self;
    private final int localNode;
    private final LatencyModel latency;
    private final ScheduledExecutorService delays;
    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
    private final Map<Long, PaxosReplica> replicas = new ConcurrentHashMap<>();
    private final Map<Integer, Peer> peers = new ConcurrentHashMap<>();
    /**
     * Every peer connection, in and out, until it closes: {@link #close} closes them itself, since
     * a Netty 4.2 event loop that is busy when shut down can stop without closing its channels
     * (the peers would then keep writing to a socket nobody reads, and never reconnect).
     */
    private final ChannelGroup channels = new DefaultChannelGroup("peer-connections", GlobalEventExecutor.INSTANCE);
    private Channel listener;
    private volatile boolean started;
    private volatile boolean closed;

    /** Node {@code localNode} of {@code topology}, its peers fixed to the topology's other nodes. */
    PeerNetwork(Topology topology, int localNode, ScheduledExecutorService delays, long seed) {
        this(topology, topology.node(localNode), delays, seed);
        java.util.Map<Integer, Topology.Node> others = new java.util.TreeMap<>();
        topology.nodes().forEach(n -> others.put(n.id(), n));
        follow(others);
    }

    PeerNetwork(Topology topology, Topology.Node self, ScheduledExecutorService delays, long seed) {
        this.topology = topology;
        this.self = self;
        this.localNode = self.id();
        this.latency = new LatencyModel(topology, self.region(), seed);
        this.delays = delays;
    }

    void register(PaxosReplica replica) {
        replicas.put(replica.groupId(), replica);
    }

    /** Listens for peers and connects to those {@link #follow} named so far. */
    void start() throws InterruptedException {
        listener = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        if (track(ch)) {
                            ProtobufFrameCodec.install(ch.pipeline(), PeerFrame.parser(), FrameLimits.FRAME_BYTES_MAX);
                            ch.pipeline().addLast(new Inbound());
                        }
                    }
                }).bind(new InetSocketAddress(topology.host(), self.peerPort())).sync().channel();
        synchronized (this) {
            started = true;
            peers.values().forEach(Peer::connect);
        }
    }

    /**
     * Makes the peers exactly {@code wanted} (never this node): connects to new ones (or to a new
     * address), drops the connections to the others. Messages to a node not in the set are dropped.
     */
    synchronized void follow(Map<Integer, Topology.Node> wanted) {
        for (var it = peers.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<Integer, Peer> e = it.next();
            if (!e.getValue().node.equals(wanted.get(e.getKey()))) {
                LOG.info("node {}: peer node {} left the group's membership here", localNode, e.getKey());
                e.getValue().retire();
                it.remove();
            }
        }
        for (Topology.Node node : wanted.values()) {
            if (node.id() != localNode && !peers.containsKey(node.id())) {
                Peer peer = new Peer(node);
                peers.put(node.id(), peer);
                if (started) {
                    LOG.info("node {}: connecting to peer node {} ({}, peer port {})", localNode, node.id(), node.region(),
                            node.peerPort());
                    peer.connect();
                }
            }
        }
    }

    /** Whether the outgoing connection to {@code node} is up (for tests). */
    boolean connectedTo(int node) {
        Peer peer = peers.get(node);
        Channel c = peer == null ? null : peer.channel;
        return c != null && c.isActive();
    }

    /** The peers' ids right now (for status and tests). */
    java.util.Set<Integer> peerIds() {
        return new java.util.TreeSet<>(peers.keySet());
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
        volatile boolean retired;
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

        /** No longer a peer: close the connection and stop reconnecting. */
        void retire() {
            retired = true;
            Channel c = channel;
            if (c != null) {
                c.close();
            }
        }

        void connect() {
            if (closed || retired) {
                return;
            }
            ChannelFuture future = new Bootstrap().group(group).channel(NioSocketChannel.class)
                    .option(ChannelOption.TCP_NODELAY, true).option(ChannelOption.CONNECT_TIMEOUT_MILLIS, CONNECT_MILLIS_MAX)
                    .option(ChannelOption.WRITE_BUFFER_WATER_MARK,
                            new WriteBufferWaterMark(PEER_QUEUED_BYTES_MAX / 4, PEER_QUEUED_BYTES_MAX))
                    .handler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            if (track(ch)) {
                                ProtobufFrameCodec.install(ch.pipeline(), PeerFrame.parser(), FrameLimits.FRAME_BYTES_MAX);
                            }
                        }
                    }).connect(new InetSocketAddress(topology.host(), node.peerPort()));
            future.addListener(f -> {
                if (f.isSuccess()) {
                    backoffMillis = RECONNECT_MILLIS_MIN;
                    Channel c = future.channel();
                    if (retired || closed) {
                        c.close();
                        return;
                    }
                    c.writeAndFlush(PeerFrame.newBuilder().setHelloFromNode(localNode).build());
                    channel = c;
                    c.closeFuture().addListener(x -> reconnectLater());
                } else {
                    reconnectLater();
                }
            });
        }

        private void reconnectLater() {
            if (closed || retired) {
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

    /** Adds a new connection to those {@link #close} closes; false (and closed) if the network is closing. */
    private boolean track(Channel channel) {
        channels.add(channel);
        if (closed) {
            // close() may have passed the group already: this one closes itself.
            channel.close();
            return false;
        }
        return true;
    }

    @Override
    public void close() {
        closed = true;
        if (listener != null) {
            listener.close().awaitUninterruptibly();
        }
        if (!channels.close().awaitUninterruptibly(CLOSE_MILLIS_MAX)) {
            LOG.warn("node {}: {} peer connections still closing after {} ms", localNode, channels.size(), CLOSE_MILLIS_MAX);
        }
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly();
    }
}
