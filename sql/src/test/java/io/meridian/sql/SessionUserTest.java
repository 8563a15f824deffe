package io.meridian.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.meridian.range.KeyRange;
import io.meridian.range.RangeDirectory;
import io.meridian.truetime.HlcTrueTime;
import io.meridian.truetime.SystemClock;
import io.meridian.truetime.TrueTime;
import io.meridian.txn.MemoryTablet;
import io.meridian.txn.TransactionManager;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * CURRENT_USER, SESSION_USER and USER are the user the executing session authenticated as, in
 * plans shared by sessions and in statements Calcite's own JDBC layer runs alike.
 */
class SessionUserTest {
    private SqlEngine engine;
    private SqlSession alice;
    private SqlSession bob;

    @BeforeEach
    void setUp() throws Exception {
        TrueTime trueTime = new HlcTrueTime(SystemClock.INSTANCE, 100);
        MemoryTablet tablet = new MemoryTablet(1, new KeyRange(new byte[0], new byte[0]));
        TransactionManager txns = new TransactionManager(trueTime, SystemClock.INSTANCE, new RangeDirectory(List.of(tablet)),
                new TransactionManager.Limits(1_000, 5_000, 100_000, 1_000_000, 64));
        engine = new SqlEngine(txns, trueTime, new SqlEngine.Limits(1_000_000, 64, 64));
        alice = engine.openSession();
        alice.setUser("alice");
        bob = engine.openSession();
        bob.setUser("bob");
        run(alice, "CREATE TABLE notes (owner VARCHAR(20) PRIMARY KEY, body VARCHAR(20))");
        run(alice, "INSERT INTO notes VALUES ('alice', 'a note'), ('bob', 'b note')");
    }

    @AfterEach
    void tearDown() {
        alice.close();
        bob.close();
    }

    @Test
    void aSessionThatNamedNoUserIsSa() throws Exception {
        SqlSession anonymous = engine.openSession();
        try {
            anonymous.setUser("");
            assertEquals(List.of("[sa]"), rows(anonymous, "SELECT CURRENT_USER"));
        } finally {
            anonymous.close();
        }
    }

    @Test
    void everySessionSeesItsOwnUserThroughOneSharedPlan() throws Exception {
        String sql = "SELECT CURRENT_USER, SESSION_USER, USER FROM notes WHERE owner = ?";
        assertEquals(List.of("[alice, alice, alice]"), rows(alice, sql, "alice"));
        long hits = engine.resultMetrics().sharedPlanHits();
        assertEquals(List.of("[bob, bob, bob]"), rows(bob, sql, "alice"));
        assertEquals(hits + 1, engine.resultMetrics().sharedPlanHits(), "bob ran alice's plan");
        assertEquals(List.of("[alice, alice, alice]"), rows(alice, sql, "alice"));
    }

    @Test
    void aFilterOnTheUserReadsTheExecutingSessions() throws Exception {
        String sql = "SELECT body FROM notes WHERE owner = CURRENT_USER";
        assertEquals(List.of("[a note]"), rows(alice, sql));
        assertEquals(List.of("[b note]"), rows(bob, sql));
        String nonKey = "SELECT owner FROM notes WHERE body LIKE '%note' AND owner <> SESSION_USER";
        assertEquals(List.of("[bob]"), rows(alice, nonKey));
        assertEquals(List.of("[alice]"), rows(bob, nonKey));
    }

    @Test
    void statementsCalciteRunsItselfSeeTheSessionsUser() throws Exception {
        // INFORMATION_SCHEMA queries stay private to their session and run through Calcite's JDBC layer.
        String sql = "SELECT CURRENT_USER, TABLE_NAME FROM INFORMATION_SCHEMA.TABLES WHERE TABLE_NAME = 'NOTES'";
        assertEquals(List.of("[alice, NOTES]"), rows(alice, sql));
        assertEquals(List.of("[bob, NOTES]"), rows(bob, sql));
    }

    @Test
    void callAndInsertUseTheSessionsUser() throws Exception {
        assertEquals(List.of("[bob]"), rows(bob, "CALL CURRENT_USER"));
        run(bob, "INSERT INTO notes VALUES (CURRENT_USER || '2', 'by ' || USER)");
        assertEquals(List.of("[bob2, by bob]"), rows(alice, "SELECT owner, body FROM notes WHERE owner = 'bob2'"));
    }

    @Test
    void aColumnDefaultIsTheInsertingSessionsUser() throws Exception {
        run(alice, "CREATE TABLE audit (id INTEGER PRIMARY KEY, who VARCHAR(20) DEFAULT CURRENT_USER)");
        run(bob, "INSERT INTO audit (id) VALUES (1)");
        run(alice, "INSERT INTO audit (id) VALUES (2)");
        assertEquals(List.of("[1, bob]", "[2, alice]"), rows(alice, "SELECT id, who FROM audit ORDER BY id"));
    }

    @Test
    void aViewOnTheUserShowsEachSessionItsOwnRows() throws Exception {
        run(alice, "CREATE VIEW my_notes AS SELECT body FROM notes WHERE owner = CURRENT_USER");
        assertEquals(List.of("[a note]"), rows(alice, "SELECT * FROM my_notes"));
        assertEquals(List.of("[b note]"), rows(bob, "SELECT * FROM my_notes"));
    }

    private static void run(SqlSession session, String sql) throws SqlStateException {
        session.execute(sql, List.of());
    }

    private static List<String> rows(SqlSession session, String sql, Object... parameters) throws SqlStateException {
        List<String> out = new ArrayList<>();
        for (Object[] row : session.execute(sql, Arrays.asList(parameters)).rows()) {
            out.add(Arrays.toString(row));
        }
        return out;
    }
}
