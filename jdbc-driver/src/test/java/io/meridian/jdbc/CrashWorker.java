package io.meridian.jdbc;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;

/**
 * Child process for {@link CrashDurabilityIT}: commits numbered rows one transaction at a time
 * and prints "ACK n" only after each commit has returned, until it is killed.
 */
public final class CrashWorker {
    static final int ROWS_MAX = 1_000_000;

    private CrashWorker() {
    }

    public static void main(String[] args) throws Exception {
        String url = "jdbc:meridian:embedded:" + args[0];
        int first = Integer.parseInt(args[1]);
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS acked (n INTEGER PRIMARY KEY, payload VARCHAR(100))");
            System.out.println("READY");
            System.out.flush();
            try (PreparedStatement p = c.prepareStatement("INSERT INTO acked VALUES (?, ?)")) {
                for (int n = first; n < first + ROWS_MAX; n++) {
                    p.setInt(1, n);
                    p.setString(2, "row-" + n);
                    p.executeUpdate();
                    System.out.println("ACK " + n);
                    System.out.flush();
                }
            }
        }
    }
}
