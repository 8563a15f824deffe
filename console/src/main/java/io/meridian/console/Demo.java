package io.meridian.console;

import java.io.PrintStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * The README's first command: a small shop schema (regions, customers, orders), a few hundred
 * rows written in one transaction (batched: one request per table), then a join, an aggregate and a point lookup, each
 * printed with its timing. Re-running replaces the sample tables.
 */
final class Demo {
    static final int CUSTOMERS = 200;
    static final int ORDERS = 600;
    static final long SEED = 42;

    private final Connection connection;
    private final PrintStream out;

    Demo(Connection connection, PrintStream out) {
        this.connection = connection;
        this.out = out;
    }

    /** Returns true when every step succeeded. */
    boolean run() throws SQLException {
        StatementRunner runner = new StatementRunner(connection, out);
        boolean ok = true;
        for (String table : new String[] {"orders", "customers", "regions"}) {
            ok &= runner.run("DROP TABLE IF EXISTS " + table);
        }
        ok &= runner.run("CREATE TABLE regions (id INTEGER PRIMARY KEY, name VARCHAR(32) NOT NULL)");
        ok &= runner.run("CREATE TABLE customers (id BIGINT PRIMARY KEY, name VARCHAR(64) NOT NULL, region_id INTEGER, "
                + "joined DATE)");
        ok &= runner.run("CREATE TABLE orders (id BIGINT PRIMARY KEY, customer_id BIGINT NOT NULL, amount DECIMAL(10, 2), "
                + "status VARCHAR(16) DEFAULT 'open')");
        long start = System.nanoTime();
        load();
        out.printf(Locale.ROOT, "loaded 3 regions, %d customers, %d orders (%s)%n%n", CUSTOMERS, ORDERS,
                StatementRunner.elapsedSince(start));
        out.println("-- join and aggregate: revenue per region");
        ok &= runner.run("SELECT r.name AS region, COUNT(*) AS orders, SUM(o.amount) AS revenue "
                + "FROM orders o JOIN customers c ON o.customer_id = c.id JOIN regions r ON c.region_id = r.id "
                + "GROUP BY r.name ORDER BY revenue DESC");
        out.println("\n-- top customers by spend");
        ok &= runner.run("SELECT c.name, COUNT(o.id) AS orders, SUM(o.amount) AS spent FROM customers c "
                + "LEFT JOIN orders o ON o.customer_id = c.id GROUP BY c.name ORDER BY spent DESC NULLS LAST, c.name LIMIT 5");
        out.println("\n-- point lookup by primary key");
        ok &= runner.run("SELECT * FROM orders WHERE id = 42");
        out.println("\n-- an update and the aggregate it changes");
        ok &= runner.run("UPDATE orders SET status = 'shipped' WHERE amount > 300");
        ok &= runner.run("SELECT status, COUNT(*) AS n, MIN(amount) AS smallest, MAX(amount) AS largest "
                + "FROM orders GROUP BY status ORDER BY status");
        return ok;
    }

    private void load() throws SQLException {
        SplittableRandom random = new SplittableRandom(SEED);
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(false);
        try (Statement s = connection.createStatement()) {
            s.executeUpdate("INSERT INTO regions VALUES (1, 'us-east'), (2, 'eu-west'), (3, 'ap-south')");
            try (PreparedStatement p = connection.prepareStatement(
                    "INSERT INTO customers VALUES (?, ?, ?, DATE '2024-01-01' + CAST(? AS INTEGER) * INTERVAL '1' DAY)")) {
                for (int id = 1; id <= CUSTOMERS; id++) {
                    p.setLong(1, id);
                    p.setString(2, "customer-" + id);
                    p.setInt(3, 1 + random.nextInt(3));
                    p.setInt(4, random.nextInt(365));
                    p.addBatch();
                }
                p.executeBatch();
            }
            try (PreparedStatement p = connection.prepareStatement(
                    "INSERT INTO orders (id, customer_id, amount) VALUES (?, ?, ?)")) {
                for (int id = 1; id <= ORDERS; id++) {
                    p.setLong(1, id);
                    p.setLong(2, 1 + random.nextInt(CUSTOMERS));
                    p.setBigDecimal(3, java.math.BigDecimal.valueOf(100 + random.nextInt(40_000), 2));
                    p.addBatch();
                }
                p.executeBatch();
            }
            connection.commit();
        } catch (SQLException e) {
            connection.rollback();
            throw e;
        } finally {
            connection.setAutoCommit(autoCommit);
        }
    }
}
