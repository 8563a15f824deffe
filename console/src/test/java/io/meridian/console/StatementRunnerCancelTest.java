package io.meridian.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ctrl-C while a statement runs: the runner cancels it through JDBC, or says plainly that the
 * connection cannot. The statement is a stand-in that blocks until cancelled (bounded wait).
 */
class StatementRunnerCancelTest {
    private static final long WAIT_SECONDS_MAX = 10;

    /** A connection whose statements block in execute() until cancel() or the bound. */
    private static Connection blockingConnection(CountDownLatch started, boolean cancelSupported) {
        CountDownLatch cancelled = new CountDownLatch(1);
        Statement statement = (Statement) Proxy.newProxyInstance(Statement.class.getClassLoader(),
                new Class<?>[] {Statement.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "execute" -> {
                        started.countDown();
                        boolean wasCancelled = cancelled.await(WAIT_SECONDS_MAX, TimeUnit.SECONDS);
                        if (wasCancelled && cancelSupported) {
                            throw new SQLException("canceling statement due to user request", "57014");
                        }
                        yield false;
                    }
                    case "cancel" -> {
                        if (!cancelSupported) {
                            cancelled.countDown();
                            throw new SQLFeatureNotSupportedException("cancel is not supported", "0A000");
                        }
                        cancelled.countDown();
                        yield null;
                    }
                    case "getLargeUpdateCount" -> 0L;
                    case "close" -> null;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
        return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("createStatement")) {
                        return statement;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }

    private static String runAndInterrupt(boolean cancelSupported) throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        StatementRunner runner = new StatementRunner(blockingConnection(started, cancelSupported),
                new PrintStream(bytes, true, StandardCharsets.UTF_8));
        Thread worker = new Thread(() -> runner.run("SELECT slow"));
        worker.start();
        assertTrue(started.await(WAIT_SECONDS_MAX, TimeUnit.SECONDS));
        runner.cancelRunning();
        worker.join(TimeUnit.SECONDS.toMillis(WAIT_SECONDS_MAX));
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void ctrlCCancelsTheRunningStatement() throws Exception {
        String output = runAndInterrupt(true);
        assertTrue(output.contains("Cancel requested."), output);
        assertTrue(output.contains("ERROR [57014]: canceling statement due to user request"), output);
    }

    @Test
    void aConnectionThatCannotCancelSaysSoAndTheStatementFinishes() throws Exception {
        String output = runAndInterrupt(false);
        assertTrue(output.contains("This connection cannot cancel a running statement"), output);
        assertTrue(output.contains("OK, 0 rows affected"), output);
    }

    /** The real driver: a cross join of 20^5 rows is cancelled long before it would end. */
    @Test
    void ctrlCCancelsAStatementOfAnEmbeddedDatabase(@TempDir Path dir) throws Exception {
        try (Connection connection = DriverManager.getConnection("jdbc:meridian:embedded:" + dir)) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            StatementRunner runner = new StatementRunner(connection, new PrintStream(bytes, true, StandardCharsets.UTF_8));
            runner.run("CREATE TABLE t (k INT PRIMARY KEY)");
            runner.run("INSERT INTO t VALUES (1),(2),(3),(4),(5),(6),(7),(8),(9),(10),(11),(12),(13),(14),(15),(16),"
                    + "(17),(18),(19),(20)");
            Thread worker = new Thread(() -> runner.run("SELECT COUNT(*) FROM t a, t b, t c, t d, t e"));
            worker.start();
            // A cancel that reaches the server before the statement starts is ignored, so press
            // Ctrl-C until the statement ends (bounded).
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS_MAX * 3);
            while (worker.isAlive() && System.nanoTime() < deadline) {
                runner.cancelRunning();
                worker.join(200);
            }
            worker.join(TimeUnit.SECONDS.toMillis(WAIT_SECONDS_MAX));
            String output = bytes.toString(StandardCharsets.UTF_8);
            assertTrue(output.contains("Cancel requested."), output);
            assertTrue(output.contains("ERROR [57014]"), output);
            assertTrue(runner.run("SELECT COUNT(*) FROM t"), "the connection stays usable");
        }
    }

    @Test
    void ctrlCWithNothingRunningDoesNothing() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        new StatementRunner(blockingConnection(new CountDownLatch(1), true), new PrintStream(bytes)).cancelRunning();
        assertEquals("", bytes.toString(StandardCharsets.UTF_8));
    }
}
