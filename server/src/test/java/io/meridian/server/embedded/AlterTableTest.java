package io.meridian.server.embedded;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meridian.sql.SqlSession;
import io.meridian.sql.SqlStateException;
import io.meridian.sql.StatementResult;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ALTER TABLE ADD/DROP COLUMN on a table with rows: no row is rewritten, every row reads right, also after a restart. */
class AlterTableTest {
    @TempDir
    Path dir;

    static List<String> rows(SqlSession s, String sql) throws SqlStateException {
        StatementResult result = s.execute(sql, List.of());
        List<String> out = new ArrayList<>();
        for (Object[] row : result.rows()) {
            out.add(String.join("|", Arrays.stream(row).map(v -> String.valueOf(v)).toList()));
        }
        return out;
    }

    static String columns(SqlSession s, String table) throws SqlStateException {
        return String.join(",", s.execute("SELECT * FROM " + table, List.of()).columns().stream()
                .map(c -> c.label()).toList());
    }

    static String state(SqlSession s, String sql) {
        return assertThrows(SqlStateException.class, () -> s.execute(sql, List.of())).sqlState();
    }

    static SqlStateException error(SqlSession s, String sql) {
        return assertThrows(SqlStateException.class, () -> s.execute(sql, List.of()));
    }

    @Test
    void addAndDropColumnsOnTableWithRows() throws Exception {
        try (EmbeddedCluster cluster = new EmbeddedCluster(dir); SqlSession s = cluster.engine().openSession()) {
            s.execute("CREATE TABLE t (id BIGINT PRIMARY KEY, a VARCHAR(10), b INT)", List.of());
            s.execute("INSERT INTO t VALUES (1, 'one', 10), (2, 'two', 20), (3, NULL, NULL)", List.of());

            s.execute("ALTER TABLE t ADD COLUMN c INT NOT NULL DEFAULT 40 + 2", List.of());
            s.execute("ALTER TABLE t ADD d VARCHAR(5)", List.of());
            assertEquals("ID,A,B,C,D", columns(s, "t"));
            assertEquals(List.of("1|one|10|42|null", "2|two|20|42|null", "3|null|null|42|null"),
                    rows(s, "SELECT * FROM t ORDER BY id"));
            s.execute("INSERT INTO t (id, a, b) VALUES (4, 'four', 40)", List.of());
            s.execute("INSERT INTO t VALUES (5, 'five', 50, 7, 'x')", List.of());
            assertEquals(List.of("4|42", "5|7"), rows(s, "SELECT id, c FROM t WHERE id >= 4 ORDER BY id"));
            assertEquals(List.of("1"), rows(s, "SELECT COUNT(*) FROM t WHERE c = 42 AND id = 1"));

            assertEquals("42701", state(s, "ALTER TABLE t ADD COLUMN c INT"));
            s.execute("ALTER TABLE t ADD COLUMN IF NOT EXISTS c BIGINT", List.of());
            assertEquals("23502", state(s, "ALTER TABLE t ADD COLUMN e INT NOT NULL"));
            assertEquals("23502", state(s, "ALTER TABLE t ADD COLUMN e INT NOT NULL DEFAULT NULL"));
            SqlStateException badDefault = error(s, "ALTER TABLE t ADD COLUMN e INT DEFAULT 'abc'");
            assertTrue(badDefault.getMessage().contains("\"E\""), badDefault.getMessage());
            assertEquals("22001", state(s, "ALTER TABLE t ADD COLUMN e VARCHAR(2) DEFAULT 'abc'"));
            assertEquals("42P01", state(s, "ALTER TABLE nope ADD COLUMN e INT"));

            s.execute("ALTER TABLE t DROP COLUMN a", List.of());
            assertEquals("ID,B,C,D", columns(s, "t"));
            assertEquals(List.of("1|10|42|null", "2|20|42|null", "3|null|42|null", "4|40|42|null", "5|50|7|x"),
                    rows(s, "SELECT * FROM t ORDER BY id"));
            assertEquals("42703", state(s, "SELECT a FROM t"));
            assertEquals("42703", state(s, "ALTER TABLE t DROP COLUMN a"));
            s.execute("ALTER TABLE t DROP COLUMN IF EXISTS a", List.of());

            SqlStateException key = error(s, "ALTER TABLE t DROP COLUMN id");
            assertEquals("2BP01", key.sqlState());
            assertTrue(key.getMessage().contains("primary key"), key.getMessage());
            s.execute("CREATE INDEX t_b ON t (b)", List.of());
            SqlStateException indexed = error(s, "ALTER TABLE t DROP COLUMN b");
            assertEquals("2BP01", indexed.sqlState());
            assertTrue(indexed.getMessage().contains("index \"T_B\""), indexed.getMessage());

            // Re-adding a dropped name is a new column: the old values stay gone.
            s.execute("ALTER TABLE t ADD COLUMN a VARCHAR(10)", List.of());
            assertEquals(List.of("1|null", "5|null"), rows(s, "SELECT id, a FROM t WHERE id IN (1, 5) ORDER BY id"));
            assertEquals(2, s.execute("UPDATE t SET a = 'new', d = 'y' WHERE id <= 2", List.of()).updateCount());
            assertEquals(1, s.execute("DELETE FROM t WHERE id = 3", List.of()).updateCount());
            assertEquals(List.of("1|10|42|y|new", "2|20|42|y|new", "4|40|42|null|null", "5|50|7|x|null"),
                    rows(s, "SELECT * FROM t ORDER BY id"));
            // The index over a column whose position moved is still maintained and complete.
            assertTrue(cluster.engine().verifyIndex("T", "T_B").consistent());
            s.execute("ALTER TABLE t DROP COLUMN d", List.of());
            s.execute("INSERT INTO t (id, b) VALUES (6, 60)", List.of());
            assertTrue(cluster.engine().verifyIndex("T", "T_B").consistent());

            s.execute("CREATE VIEW v AS SELECT id FROM t", List.of());
            assertEquals("42809", state(s, "ALTER TABLE v ADD COLUMN z INT"));
        }
        // The altered catalog and the rows written under each schema read back after a restart.
        try (EmbeddedCluster cluster = new EmbeddedCluster(dir); SqlSession s = cluster.engine().openSession()) {
            assertEquals("ID,B,C,A", columns(s, "t"));
            assertEquals(List.of("1|10|42|new", "2|20|42|new", "4|40|42|null", "5|50|7|null", "6|60|42|null"),
                    rows(s, "SELECT * FROM t ORDER BY id"));
            assertEquals(5, cluster.engine().verifyIndex("T", "T_B").rows());
        }
    }

    /** With autocommit off and no transaction open, DDL commits on its own and others see it at once. */
    @Test
    void ddlCommitsOnItsOwnWithAutocommitOff() throws Exception {
        try (EmbeddedCluster cluster = new EmbeddedCluster(dir); SqlSession s = cluster.engine().openSession();
                SqlSession other = cluster.engine().openSession()) {
            s.setAutoCommit(false);
            s.execute("CREATE TABLE a (x INT PRIMARY KEY)", List.of());
            s.execute("ALTER TABLE a ADD COLUMN y INT DEFAULT 3", List.of());
            other.execute("INSERT INTO a (x) VALUES (1)", List.of());
            assertEquals(List.of("1|3"), rows(other, "SELECT * FROM a"));
            s.execute("INSERT INTO a VALUES (2, 4)", List.of());
            assertEquals("25001", state(s, "ALTER TABLE a DROP COLUMN y"));
            s.commit();
            assertEquals(List.of("1|3", "2|4"), rows(other, "SELECT * FROM a ORDER BY x"));
        }
    }

    /**
     * A transaction begun before ADD COLUMN keeps its schema; its UPDATE of a row whose new column
     * another session already set keeps that value instead of resetting it to the default.
     */
    @Test
    void olderTransactionsDoNotResetAddedColumns() throws Exception {
        try (EmbeddedCluster cluster = new EmbeddedCluster(dir); SqlSession old = cluster.engine().openSession();
                SqlSession s = cluster.engine().openSession()) {
            s.execute("CREATE TABLE t (id INT PRIMARY KEY, b INT)", List.of());
            s.execute("INSERT INTO t VALUES (1, 10), (2, 20)", List.of());
            old.execute("BEGIN", List.of());
            s.execute("ALTER TABLE t ADD COLUMN c INT DEFAULT 0", List.of());
            s.execute("UPDATE t SET c = 5 WHERE id = 1", List.of());
            assertEquals(2, old.execute("UPDATE t SET b = b + 1", List.of()).updateCount());
            assertEquals(List.of("1|11", "2|21"), rows(old, "SELECT * FROM t ORDER BY id"));
            old.execute("COMMIT", List.of());
            assertEquals(List.of("1|11|5", "2|21|0"), rows(s, "SELECT * FROM t ORDER BY id"));
        }
    }

    /** A table without a primary key (hidden row id) alters the same way. */
    @Test
    void hiddenRowIdTables() throws Exception {
        try (EmbeddedCluster cluster = new EmbeddedCluster(dir); SqlSession s = cluster.engine().openSession()) {
            s.execute("CREATE TABLE h (x INT, y INT)", List.of());
            s.execute("INSERT INTO h VALUES (1, 2), (3, 4)", List.of());
            s.execute("ALTER TABLE h ADD COLUMN z DOUBLE DEFAULT 0.5", List.of());
            // A view that uses the column keeps it; a view that does not is no obstacle.
            s.execute("CREATE VIEW hx AS SELECT x + 1 AS x1 FROM h WHERE y > 0", List.of());
            s.execute("CREATE VIEW hy AS SELECT y FROM h", List.of());
            SqlStateException used = error(s, "ALTER TABLE h DROP COLUMN x");
            assertEquals("2BP01", used.sqlState());
            assertTrue(used.getMessage().contains("view \"HX\""), used.getMessage());
            s.execute("DROP VIEW hx", List.of());
            s.execute("ALTER TABLE h DROP COLUMN x", List.of());
            assertEquals(List.of("2", "4"), rows(s, "SELECT * FROM hy ORDER BY y"));
            s.execute("DROP VIEW hy", List.of());
            assertEquals(List.of("2|0.5", "4|0.5"), rows(s, "SELECT * FROM h ORDER BY y"));
            s.execute("ALTER TABLE h DROP COLUMN y", List.of());
            SqlStateException last = error(s, "ALTER TABLE h DROP COLUMN z");
            assertEquals("0A000", last.sqlState());
            assertTrue(last.getMessage().contains("only column"), last.getMessage());
        }
    }
}
