package io.meridian.sql.errors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meridian.range.KeyRange;
import io.meridian.range.RangeDirectory;
import io.meridian.sql.SqlEngine;
import io.meridian.sql.SqlSession;
import io.meridian.sql.SqlStateException;
import io.meridian.truetime.HlcTrueTime;
import io.meridian.truetime.SystemClock;
import io.meridian.truetime.TrueTime;
import io.meridian.txn.MemoryTablet;
import io.meridian.txn.TransactionManager;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * What a user gets for the mistakes users make: a standard SQLState (never XX000) and a message
 * naming the object; and the session stays usable after each.
 */
class SqlErrorCasesTest {
    private SqlSession session;

    @BeforeEach
    void open() throws SqlStateException {
        MemoryTablet tablet = new MemoryTablet(1, new KeyRange(new byte[0], new byte[0]));
        TrueTime trueTime = new HlcTrueTime(SystemClock.INSTANCE, 100);
        TransactionManager txns = new TransactionManager(trueTime, SystemClock.INSTANCE,
                new RangeDirectory(List.of(tablet)), new TransactionManager.Limits(1_000, 5_000, 100_000, 1_000_000, 64));
        session = new SqlEngine(txns, trueTime, SqlEngine.Limits.defaults()).openSession();
        run("CREATE TABLE t (id INT PRIMARY KEY, v VARCHAR(5) NOT NULL, c CHAR(3), u INT UNIQUE, d DATE)");
        run("INSERT INTO t VALUES (1, 'a', 'x', 1, DATE '2020-01-01'), (2, 'b', 'y', 2, NULL)");
    }

    @AfterEach
    void close() {
        session.close();
    }

    private List<String> run(String sql, Object... parameters) throws SqlStateException {
        List<Object[]> rows = session.execute(sql, Arrays.asList(parameters)).rows();
        return rows == null ? List.of() : rows.stream().map(Arrays::toString).toList();
    }

    private String one(String sql) throws SqlStateException {
        return session.execute(sql, List.of()).rows().get(0)[0].toString();
    }

    /** The error {@code sql} raises; asserts its SQLState and that the message contains {@code named}. */
    private SqlStateException fails(String sqlState, String named, String sql, Object... parameters) {
        SqlStateException e = assertThrows(SqlStateException.class, () -> session.execute(sql, Arrays.asList(parameters)),
                sql);
        assertEquals(sqlState, e.sqlState(), sql + " -> " + e.getMessage());
        assertTrue(e.getMessage().contains(named), sql + " -> " + e.getMessage());
        return e;
    }

    @Test
    void sessionInformationFunctions() throws SqlStateException {
        assertEquals("MERIDIAN", one("SELECT CURRENT_SCHEMA"));
        assertTrue(one("SELECT version()").startsWith("Meridian "), one("SELECT version()"));
        assertEquals("[MERIDIAN, sa, sa, ]", run("SELECT CURRENT_SCHEMA, CURRENT_USER, SESSION_USER, CURRENT_CATALOG")
                .get(0));
        assertEquals("[1]", run("SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = CURRENT_SCHEMA"
                + " AND table_name = 'T'").get(0));
    }

    @Test
    void tooLongTextIsRefusedNotCut() throws SqlStateException {
        fails("22001", "column \"V\" of type VARCHAR(5)", "UPDATE t SET v = 'toolong' WHERE id = 1");
        fails("22001", "column \"V\"", "UPDATE t SET v = v || 'bcdefg' WHERE id = 1");
        fails("22001", "column \"C\" of type CHAR(3)", "INSERT INTO t (id, v, c) VALUES (3, 'a', 'toolong')");
        fails("22001", "column \"C\"", "UPDATE t SET c = 'abcd' WHERE id = 1");
        // Excess trailing spaces are cut (SQL:2016 9.2); CHAR pads to its length.
        run("INSERT INTO t (id, v, c) VALUES (3, 'abc      ', 'p   ')");
        assertEquals(List.of("[1, a, x  ]", "[2, b, y  ]", "[3, abc  , p  ]"), run("SELECT id, v, c FROM t ORDER BY id"));
        run("UPDATE t SET c = 'pq' WHERE id = 1");
        assertEquals("pq |", one("SELECT c || '|' FROM t WHERE id = 1"));
    }

    @Test
    void valuesOutsideAFunctionsDomain() {
        fails("22008", "2020-13-45", "SELECT CAST('2020-13-45' AS DATE)");
        fails("22P02", "x", "SELECT CAST('x' AS BOOLEAN)");
        fails("22P02", "abc", "SELECT CAST('abc' AS INT)");
        fails("22003", "99999999999", "SELECT CAST('99999999999' AS INT)");
        fails("22011", "negative substring length", "SELECT SUBSTRING('abc' FROM 1 FOR -1)");
        fails("2201E", "logarithm", "SELECT LN(0)");
        fails("22019", "escape", "SELECT 'a' LIKE 'a' ESCAPE 'xx'");
        fails("22012", "division by zero", "SELECT id / 0 FROM t");
        fails("22003", "bigint out of range", "SELECT CAST(9223372036854775807 AS BIGINT) + 1");
        fails("22003", "integer out of range", "SELECT CAST(2147483647 AS INT) + CAST(1 AS INT)");
        fails("22003", "out of range", "INSERT INTO t (id, v) VALUES (99999999999999999999, 'a')");
        fails("21000", "more than one row", "SELECT (SELECT id FROM t)");
        fails("21000", "more than one row", "SELECT id FROM t WHERE id = (SELECT id FROM t)");
    }

    @Test
    void insertTargetsNameTheColumn() {
        fails("42703", "column \"NOSUCH\" does not exist", "INSERT INTO t (id, nosuch) VALUES (7, 1)");
        fails("42701", "column \"ID\" assigned more than once", "INSERT INTO t (id, id, v) VALUES (9, 9, 'a')");
        fails("42601", "target columns", "INSERT INTO t VALUES (7, 'a')");
        fails("42703", "column \"NOSUCH\" of table \"T\"", "UPDATE t SET nosuch = 1");
        fails("23505", "unique index \"T_U_KEY\" of table \"T\"", "UPDATE t SET u = 2 WHERE id = 1");
        fails("23502", "column \"V\"", "UPDATE t SET v = NULL WHERE id = 1");
    }

    @Test
    void parametersAreConvertedOrRefusedByPosition() throws SqlStateException {
        assertEquals(List.of("[2, b]"), run("SELECT id, v FROM t WHERE id = ?", "2"));
        assertEquals(List.of("[1, a]"), run("SELECT id, v FROM t WHERE v = ?", "a"));
        fails("22P02", "parameter 1 of type INTEGER: \"abc\"", "SELECT * FROM t WHERE id = ?", "abc");
        fails("42804", "parameter 1", "SELECT * FROM t WHERE id = ?", true);
        fails("07001", "1 parameters but 2 values", "SELECT * FROM t WHERE id = ?", 1, 2);
    }

    /** ORMs write IN lists as OR chains: hundreds of terms must plan (they overflowed the stack at 500). */
    @Test
    void longOrAndAndChainsRun() throws SqlStateException {
        StringBuilder or = new StringBuilder("SELECT COUNT(*) FROM t WHERE id = -1");
        StringBuilder and = new StringBuilder("SELECT COUNT(*) FROM t WHERE id <> -1");
        for (int i = 2; i < 600; i++) {
            or.append(" OR id = ").append(i);
            and.append(" AND id <> ").append(i);
        }
        assertEquals("1", one(or.toString()));
        assertEquals("1", one(and.toString()));
        assertEquals(List.of("[1]"), run("SELECT id FROM t WHERE (id = 1 OR v = 'q') AND NOT (id = 2 OR id = 3 OR c = 'z')"
                + " OR u IS NULL"));
    }

    @Test
    void tooDeeplyNestedStatementHitsANamedLimit() throws SqlStateException {
        StringBuilder plus = new StringBuilder("SELECT 1");
        for (int i = 0; i < 3_000; i++) {
            plus.append(" + 1");
        }
        fails("54001", "too complex", plus.toString());
        assertEquals("2", one("SELECT COUNT(*) FROM t"));
    }

    /** Slow (Calcite generates and compiles the huge method before the JVM refuses it): on request only. */
    @Test
    @EnabledIfSystemProperty(named = "sql.slowTests", matches = "true")
    void tooLargeValuesListHitsANamedLimit() throws SqlStateException {
        StringBuilder values = new StringBuilder("INSERT INTO t (id, v) VALUES (100, 'r')");
        for (int i = 101; i < 4_000; i++) {
            values.append(", (").append(i).append(", 'r')");
        }
        fails("54001", "rows per VALUES list", values.toString());
        assertEquals("2", one("SELECT COUNT(*) FROM t"));
    }

    @Test
    void reservedWordsAsNamesNeedQuotesInQueries() throws SqlStateException {
        run("CREATE TABLE r (id INT PRIMARY KEY, year INT, \"VALUE\" INT)");
        run("INSERT INTO r VALUES (1, 2020, 7)");
        fails("42601", "YEAR is a reserved word; if it is meant as a name, quote it: \"YEAR\"", "SELECT year FROM r");
        fails("42601", "ORDER is a reserved word", "SELECT * FROM order");
        assertEquals(List.of("[2020, 7]"), run("SELECT \"YEAR\", \"VALUE\" FROM r"));
        run("CREATE TABLE \"order\" (\"from\" INT PRIMARY KEY, \"Mixed Case\" VARCHAR(3), \"a\"\"b\" INT)");
        run("INSERT INTO \"order\" VALUES (1, 'x', 3)");
        assertEquals(List.of("[1, x, 3]"), run("SELECT \"from\", \"Mixed Case\", \"a\"\"b\" FROM \"order\""));
        fails("42703", "column \"mixed case\" does not exist", "SELECT \"mixed case\" FROM \"order\"");
    }

    @Test
    void ddlOnMissingOrExistingObjects() throws SqlStateException {
        fails("42P01", "table \"NOSUCH\" does not exist", "DROP TABLE nosuch");
        fails("42704", "index \"NOSUCH\" does not exist", "DROP INDEX nosuch");
        fails("42P01", "view \"NOSUCH\" does not exist", "DROP VIEW nosuch");
        fails("42P01", "table \"NOSUCH\" does not exist", "CREATE INDEX ix ON nosuch (v)");
        fails("42703", "column \"NOSUCH\" of table \"T\" does not exist", "CREATE INDEX ix ON t (nosuch)");
        fails("42P07", "\"T\" already exists", "CREATE TABLE t (x INT)");
        fails("42701", "column \"V\" of table \"T\" already exists", "ALTER TABLE t ADD COLUMN v INT");
        fails("42703", "column \"NOSUCH\" of table \"T\" does not exist", "ALTER TABLE t DROP COLUMN nosuch");
        run("DROP TABLE IF EXISTS nosuch");
        run("DROP INDEX IF EXISTS nosuch");
        run("DROP VIEW IF EXISTS nosuch");
        run("CREATE TABLE IF NOT EXISTS t (x INT)");
        assertEquals("2", one("SELECT COUNT(*) FROM t"));
        fails("42701", "column \"A\" appears twice in the primary key of table \"P\"",
                "CREATE TABLE p (a INT, b INT, PRIMARY KEY (a, a))");
    }

    /** A DEFAULT that can never give a value is refused with the table, not at every INSERT. */
    @Test
    void defaultsAreCheckedWhenDeclared() throws SqlStateException {
        fails("22P02", "invalid DEFAULT for column \"A\" of table \"D\"", "CREATE TABLE d (a INT DEFAULT 'abc')");
        fails("22001", "invalid DEFAULT for column \"B\"", "CREATE TABLE d (a INT, b VARCHAR(3) DEFAULT 'toolong')");
        fails("42703", "invalid DEFAULT for column \"B\"", "CREATE TABLE d (a INT, b INT DEFAULT a)");
        fails("22P02", "invalid DEFAULT for column \"Z\" of table \"T\"", "ALTER TABLE t ADD COLUMN z INT DEFAULT 'x'");
        run("CREATE TABLE d (a INT PRIMARY KEY, at TIMESTAMP DEFAULT CURRENT_TIMESTAMP, n DECIMAL(5, 2) DEFAULT 1.5,"
                + " c CHAR(2) DEFAULT 'a')");
        run("INSERT INTO d (a) VALUES (1)");
        assertEquals(List.of("[1, true, 1.50, a |]"), run("SELECT a, \"AT\" IS NOT NULL, n, c || '|' FROM d"));
    }

    @Test
    void ddlAfterWritesInATransactionIsRefusedAndTheTransactionSurvives() throws SqlStateException {
        session.setAutoCommit(false);
        run("INSERT INTO t (id, v) VALUES (10, 'w')");
        SqlStateException refused = fails("25001", "CREATE INDEX cannot run in a transaction that has written",
                "CREATE INDEX t_v ON t (v)");
        assertTrue(refused.getMessage().contains("commit first"), refused.getMessage());
        fails("25001", "ALTER TABLE cannot run", "ALTER TABLE t ADD COLUMN z INT");
        run("INSERT INTO t (id, v) VALUES (11, 'w')");
        session.commit();
        run("CREATE INDEX t_v ON t (v)");
        assertEquals(List.of("[10]", "[11]"), run("SELECT id FROM t WHERE v = 'w' ORDER BY id"));
        // A transaction that has only read ends at the DDL, which then runs.
        run("SELECT COUNT(*) FROM t");
        run("ALTER TABLE t ADD COLUMN z INT");
        session.commit();
        assertEquals("4", one("SELECT COUNT(z) + COUNT(*) FROM t"));
    }

    @Test
    void statementsMeridianLacksSaySo() {
        fails("0A000", "TRUNCATE statements are not supported; use DELETE FROM", "TRUNCATE TABLE t");
        fails("0A000", "GRANT statements are not supported", "GRANT SELECT ON t TO bob");
        fails("0A000", "CREATE TRIGGER is not supported", "CREATE TRIGGER tr AFTER INSERT ON t BEGIN SELECT 1; END");
        fails("42601", "does not start with a command Meridian knows", "SELEC 1");
        fails("42601", "Encountered \"DELETE\"", "MERGE INTO t USING t AS s ON t.id = s.id WHEN MATCHED THEN DELETE");
    }
}
