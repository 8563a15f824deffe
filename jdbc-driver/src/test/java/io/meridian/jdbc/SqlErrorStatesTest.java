package io.meridian.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLDataException;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.SQLSyntaxErrorException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * User mistakes reach a JDBC application as the SQLException subclass of their SQLState class
 * (22 data, 42 syntax or access rule, 0A not supported), with the state and the object's name;
 * the connection stays usable.
 */
class SqlErrorStatesTest {
    @TempDir
    Path dir;

    @Test
    void errorsArriveAsTheirSubclassWithStateAndName() throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:meridian:embedded:" + dir); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE t (id INT PRIMARY KEY, v VARCHAR(3))");
            SQLException tooLong = assertThrows(SQLException.class, () -> s.execute("INSERT INTO t VALUES (1, 'abcd')"));
            assertInstanceOf(SQLDataException.class, tooLong);
            assertEquals("22001", tooLong.getSQLState());
            assertTrue(tooLong.getMessage().contains("column \"V\""), tooLong.getMessage());
            SQLException unknown = assertThrows(SQLException.class, () -> s.executeQuery("SELECT nosuch FROM t"));
            assertInstanceOf(SQLSyntaxErrorException.class, unknown);
            assertEquals("42703", unknown.getSQLState());
            SQLException truncate = assertThrows(SQLException.class, () -> s.execute("TRUNCATE TABLE t"));
            assertInstanceOf(SQLFeatureNotSupportedException.class, truncate);
            assertEquals("0A000", truncate.getSQLState());
            try (PreparedStatement p = c.prepareStatement("SELECT COUNT(*) FROM t WHERE id = ?")) {
                p.setString(1, "x1");
                SQLException badParameter = assertThrows(SQLException.class, p::executeQuery);
                assertEquals("22P02", badParameter.getSQLState());
                assertTrue(badParameter.getMessage().contains("parameter 1"), badParameter.getMessage());
                p.setString(1, "1");
                try (ResultSet rs = p.executeQuery()) {
                    rs.next();
                    assertEquals(0, rs.getLong(1));
                }
            }
            try (ResultSet rs = s.executeQuery("SELECT CURRENT_SCHEMA, VERSION()")) {
                rs.next();
                assertEquals("MERIDIAN", rs.getString(1));
                assertEquals(c.getMetaData().getDatabaseProductName() + " " + c.getMetaData().getDatabaseProductVersion(),
                        rs.getString(2));
            }
        }
    }
}
