package io.meridian.server.embedded;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meridian.range.LocalTablet;
import io.meridian.sql.SqlSession;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Read-only transactions of the embedded database commit on the leader's lease, without a Paxos round. */
class EmbeddedLeaseReadTest {
    private static final long LEASE_WAIT_MILLIS_MAX = 10_000;

    @Test
    void readOnlyCommitsAreConfirmedByTheLeaseAndSeeTheLatestWrite(@TempDir Path dir) throws Exception {
        try (EmbeddedCluster cluster = new EmbeddedCluster(dir); SqlSession session = cluster.engine().openSession()) {
            session.execute("CREATE TABLE t (id BIGINT PRIMARY KEY, v VARCHAR(10))", List.of());
            LocalTablet tablet = cluster.tablet();
            long deadline = System.nanoTime() + LEASE_WAIT_MILLIS_MAX * 1_000_000;
            while (!tablet.leader().paxos().hasValidLease() && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertTrue(tablet.leader().paxos().hasValidLease(), "no lease within " + LEASE_WAIT_MILLIS_MAX + " ms");
            long rounds = tablet.roundConfirmations();
            for (int i = 0; i < 20; i++) {
                session.execute("UPSERT INTO t VALUES (1, 'v" + i + "')", List.of());
                List<Object[]> rows = session.execute("SELECT v FROM t WHERE id = 1", List.of()).rows();
                assertEquals(1, rows.size());
                assertArrayEquals(new Object[] {"v" + i}, rows.get(0));
            }
            assertEquals(20, tablet.leaseConfirmations(), "every read-only commit rode on the lease");
            assertEquals(rounds, tablet.roundConfirmations());
        }
    }
}
