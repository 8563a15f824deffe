package io.meridian.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.meridian.rpc.client.CancelRequest;
import io.meridian.rpc.client.ClientRequest;
import io.meridian.rpc.client.ClientResponse;
import io.meridian.rpc.client.Execute;
import io.meridian.rpc.client.Fetch;
import io.meridian.rpc.client.Handshake;
import io.meridian.rpc.client.Row;
import io.meridian.rpc.client.ExecuteBatch;
import io.meridian.rpc.client.Value;
import io.meridian.rpc.net.FrameLimits;
import io.meridian.rpc.api.ProtocolVersion;
import io.meridian.server.NodeServer;
import io.meridian.server.auth.UserStore;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Random and mutated frames against a live server, one raw connection each, while a
 * well-behaved JDBC session keeps working. Bounded by {@link #CONNECTIONS_MAX} and
 * {@link #SECONDS_MAX}; {@code -Dfuzz.seed=N} replays a run, {@code -Dfuzz.connections=N} runs longer.
 */
class ProtocolFuzzTest {
    static final int CONNECTIONS_MAX = Integer.getInteger("fuzz.connections", 1_500);
    static final long SECONDS_MAX = Long.getLong("fuzz.seconds", 5);
    static final int FRAME_BYTES_MAX = 64 * 1024;
    static final int CLOSE_WAIT_MILLIS = 3_000;
    static final int GLANCE_MILLIS = 20;
    static final int HEALTHY_ROUNDS_MIN = 3;
    static final int CONNECTIONS_MIN = 50;

    @TempDir
    Path dir;

    /** What a fuzz connection sent, and so what the server must do with it. */
    enum Expect { CLOSE, EITHER }

    @Test
    void serverSurvivesGarbageAndOtherSessionsKeepWorking() throws Exception {
        long seed = Long.getLong("fuzz.seed", System.nanoTime());
        System.out.println("ProtocolFuzzTest seed=" + seed + " (replay with -Dfuzz.seed=" + seed + ")");
        SplittableRandom random = new SplittableRandom(seed);
        try (NodeServer server = NodeServer.start(dir, new InetSocketAddress("127.0.0.1", 0),
                UserStore.openOrCreate(dir, "secret"), new FrameLimits(FRAME_BYTES_MAX, 60))) {
            String url = "jdbc:meridian://127.0.0.1:" + server.address().getPort() + "/meridian?user=admin&password=secret";
            ExecutorService healthy = Executors.newSingleThreadExecutor();
            AtomicBoolean fuzzing = new AtomicBoolean(true);
            AtomicInteger healthyRounds = new AtomicInteger();
            try (Connection c = DriverManager.getConnection(url)) {
                c.createStatement().execute("CREATE TABLE ledger (id INTEGER PRIMARY KEY, amount BIGINT)");
                Future<?> worker = healthy.submit(() -> {
                    healthyWork(c, fuzzing, healthyRounds);
                    return null;
                });
                int connections = 0;
                int closedByServer = 0;
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(SECONDS_MAX);
                long hardDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(SECONDS_MAX * 6);
                // Fuzz for the time budget, and on a slow machine until the healthy session has done
                // a few rounds under fire, never past the hard bound.
                while (connections < CONNECTIONS_MAX && !worker.isDone() && System.nanoTime() < hardDeadline
                        && (System.nanoTime() < deadline || healthyRounds.get() < HEALTHY_ROUNDS_MIN)) {
                    if (fuzzOne(server.address().getPort(), random)) {
                        closedByServer++;
                    }
                    connections++;
                }
                fuzzing.set(false);
                worker.get(30, TimeUnit.SECONDS);
                System.out.println("ProtocolFuzzTest seed=" + seed + ": " + connections + " fuzz connections, "
                        + closedByServer + " closed by the server, " + healthyRounds.get() + " healthy rounds alongside");
                assertTrue(connections >= CONNECTIONS_MIN, "fuzzed only " + connections + " connections");
                assertTrue(healthyRounds.get() >= HEALTHY_ROUNDS_MIN, "the healthy session completed only "
                        + healthyRounds.get() + " rounds during the fuzzing");
                healthyWork(c, new AtomicBoolean(false), healthyRounds);
                long waitUntil = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                while (server.openConnections() > 1 && System.nanoTime() < waitUntil) {
                    Thread.sleep(20);
                }
                assertEquals(1, server.openConnections(), "every fuzz connection is gone; only the healthy one is left");
            } finally {
                healthy.shutdownNow();
            }
        }
    }

    /** Inserts and reads back rows until told to stop (at least one round), checking every answer. */
    private static void healthyWork(Connection c, AtomicBoolean keepGoing, AtomicInteger rounds) throws Exception {
        try (PreparedStatement insert = c.prepareStatement("INSERT INTO ledger VALUES (?, ?)"); Statement s = c.createStatement()) {
            do {
                int round = rounds.incrementAndGet();
                insert.setInt(1, round);
                insert.setLong(2, round * 10L);
                assertEquals(1, insert.executeUpdate());
                try (ResultSet rs = s.executeQuery("SELECT COUNT(*), SUM(amount) FROM ledger")) {
                    assertTrue(rs.next());
                    assertEquals(round, rs.getInt(1));
                    assertEquals(10L * round * (round + 1) / 2, rs.getLong(2));
                }
            } while (keepGoing.get());
        }
    }

    /** One raw connection with one kind of bad input; true when the server closed it. */
    private static boolean fuzzOne(int port, SplittableRandom random) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Expect expect = switch (random.nextInt(5)) {
            case 0 -> randomBytes(bytes, random);
            case 1 -> randomLengthPrefix(bytes, random);
            case 2 -> mutatedFrame(bytes, random);
            case 3 -> oversizeFrame(bytes, random);
            default -> wrongState(bytes, random);
        };
        try (Socket socket = new Socket("127.0.0.1", port)) {
            // A connection the server must close gets time to be closed; an incomplete frame, a glance.
            socket.setSoTimeout(expect == Expect.CLOSE ? CLOSE_WAIT_MILLIS : GLANCE_MILLIS);
            try {
                socket.getOutputStream().write(bytes.toByteArray());
                socket.getOutputStream().flush();
            } catch (SocketException e) {
                return true; // closed while we were still writing: the server has already given up on us
            }
            boolean closed = readUntilClosed(new DataInputStream(socket.getInputStream()), expect);
            if (expect == Expect.CLOSE) {
                assertTrue(closed, "the server kept a connection open after a bad frame or protocol violation");
            }
            return closed;
        }
    }

    /** Reads answers (each must parse) until the server closes, or until it is quiet for a while. */
    private static boolean readUntilClosed(DataInputStream in, Expect expect) throws IOException {
        try {
            while (true) {
                int length = in.readInt();
                assertTrue(length >= 0 && length <= FrameLimits.FRAME_BYTES_MAX, "bad length from server: " + length);
                byte[] frame = new byte[length];
                in.readFully(frame);
                ClientResponse.parseFrom(frame);
            }
        } catch (EOFException | SocketException e) {
            return true;
        } catch (SocketTimeoutException e) {
            return false; // waiting for the rest of a frame it was promised: fine unless we expected a close
        }
    }

    private static Expect randomBytes(ByteArrayOutputStream out, SplittableRandom random) {
        byte[] junk = new byte[1 + random.nextInt(64)];
        random.nextBytes(junk);
        out.writeBytes(junk);
        return completeFrame(junk) ? Expect.CLOSE : Expect.EITHER;
    }

    /** A length prefix of any size, followed by fewer, as many, or more random bytes. */
    private static Expect randomLengthPrefix(ByteArrayOutputStream out, SplittableRandom random) throws IOException {
        int length = random.nextBoolean() ? random.nextInt() : random.nextInt(256);
        byte[] body = new byte[random.nextInt(300)];
        random.nextBytes(body);
        new DataOutputStream(out).writeInt(length);
        out.writeBytes(body);
        return length < 0 || length > FRAME_BYTES_MAX || length <= body.length ? Expect.CLOSE : Expect.EITHER;
    }

    /** A valid request with bit flips, a truncation, or a lying length. */
    private static Expect mutatedFrame(ByteArrayOutputStream out, SplittableRandom random) throws IOException {
        byte[] body = validRequest(random).toByteArray();
        switch (random.nextInt(3)) {
            case 0 -> {
                for (int flips = 1 + random.nextInt(4); flips > 0; flips--) {
                    int bit = random.nextInt(body.length * 8);
                    body[bit / 8] ^= (byte) (1 << (bit % 8));
                }
                frame(out, body);
                return Expect.CLOSE; // complete frame: parsed or not, it is no valid first request
            }
            case 1 -> {
                int kept = random.nextInt(body.length);
                new DataOutputStream(out).writeInt(kept);
                out.write(body, 0, kept);
                return Expect.CLOSE; // a truncated message in a complete frame
            }
            default -> {
                new DataOutputStream(out).writeInt(body.length + 1 + random.nextInt(100));
                out.writeBytes(body);
                return Expect.EITHER; // promised more than sent: the server waits, we hang up
            }
        }
    }

    private static Expect oversizeFrame(ByteArrayOutputStream out, SplittableRandom random) throws IOException {
        new DataOutputStream(out).writeInt(FRAME_BYTES_MAX + 1 + random.nextInt(Integer.MAX_VALUE - FRAME_BYTES_MAX - 1));
        byte[] some = new byte[random.nextInt(64)];
        random.nextBytes(some);
        out.writeBytes(some);
        return Expect.CLOSE;
    }

    /** Well-formed requests in an order the protocol forbids. */
    private static Expect wrongState(ByteArrayOutputStream out, SplittableRandom random) throws IOException {
        ClientRequest hello = handshake("secret");
        List<List<ClientRequest>> sequences = List.of(
                List.of(execute("VALUES 1")),
                List.of(ClientRequest.newBuilder().setRequestId(1).build()),
                List.of(handshake("wrong")),
                List.of(hello, hello),
                List.of(hello, ClientRequest.newBuilder().setRequestId(2).setCancel(CancelRequest.newBuilder()
                        .setSessionId(1).setCancelKey(2)).build()),
                List.of(hello, ClientRequest.newBuilder().setRequestId(2).setFetch(Fetch.newBuilder().setCursorId(99)).build(),
                        ClientRequest.newBuilder().setRequestId(3).build()));
        for (ClientRequest request : sequences.get(random.nextInt(sequences.size()))) {
            frame(out, request.toByteArray());
        }
        return Expect.CLOSE;
    }

    private static ClientRequest validRequest(SplittableRandom random) {
        return switch (random.nextInt(4)) {
            case 0 -> handshake("secret");
            case 1 -> execute("SELECT * FROM ledger WHERE id = ?");
            case 2 -> ClientRequest.newBuilder().setRequestId(7).setExecuteBatch(ExecuteBatch.newBuilder()
                    .setSql("INSERT INTO ledger VALUES (?, ?)").addParameterRows(Row.newBuilder()
                            .addValues(Value.newBuilder().setInt64(-1)).addValues(Value.newBuilder()
                                    .setBinary(ByteString.copyFromUtf8("x"))))).build();
            default -> ClientRequest.newBuilder().setRequestId(9).setFetch(Fetch.newBuilder().setCursorId(1)
                    .setFetchSize(10)).build();
        };
    }

    private static ClientRequest handshake(String password) {
        return ClientRequest.newBuilder().setRequestId(1).setHandshake(Handshake.newBuilder()
                .setProtocolVersion(ProtocolVersion.CURRENT).setUser("admin").setPassword(password)).build();
    }

    private static ClientRequest execute(String sql) {
        return ClientRequest.newBuilder().setRequestId(2).setExecute(Execute.newBuilder().setSql(sql)
                .addParameters(Value.newBuilder().setInt64(1))).build();
    }

    private static void frame(ByteArrayOutputStream out, byte[] body) throws IOException {
        new DataOutputStream(out).writeInt(body.length);
        out.writeBytes(body);
    }

    /** Whether random bytes happen to begin with an oversize/negative length or a whole frame. */
    private static boolean completeFrame(byte[] bytes) {
        if (bytes.length < 4) {
            return false;
        }
        int length = ((bytes[0] & 0xff) << 24) | ((bytes[1] & 0xff) << 16) | ((bytes[2] & 0xff) << 8) | (bytes[3] & 0xff);
        return length < 0 || length > FRAME_BYTES_MAX || length <= bytes.length - 4;
    }
}
