package io.meridian.sql.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meridian.truetime.Timestamp;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.calcite.sql.type.SqlTypeName;
import org.junit.jupiter.api.Test;

/** Snapshots valid from commit timestamps, publication order, and the leases schema changes wait for. */
class CatalogTest {
    private static TableDef table(String name, int columns) {
        List<ColumnDef> defs = new java.util.ArrayList<>();
        for (int i = 0; i < columns; i++) {
            defs.add(new ColumnDef("C" + i, SqlTypeName.INTEGER, -1, -1, true, null));
        }
        return new TableDef(100, name, defs, List.of(0));
    }

    @Test
    void snapshotsAreValidFromTheirCommitTimestamp() {
        Catalog catalog = new Catalog(Map.of(), Map.of());
        catalog.publish("T", table("T", 1), Timestamp.ofMicros(100));
        catalog.publish("T", table("T", 2), Timestamp.ofMicros(200));
        assertEquals(2, catalog.version());
        assertTrue(catalog.snapshotAt(Timestamp.ofMicros(99)).orElseThrow().table("T").isEmpty());
        assertEquals(1, catalog.snapshotAt(Timestamp.ofMicros(150)).orElseThrow().table("T").orElseThrow().columns().size());
        assertEquals(2, catalog.snapshotAt(Timestamp.ofMicros(200)).orElseThrow().table("T").orElseThrow().columns().size());
        assertEquals(Timestamp.ofMicros(200), catalog.snapshot().validFrom("T").orElseThrow());
    }

    /** Two DDL statements on one table may publish in either order once both committed: the later commit wins. */
    @Test
    void anOlderCommitPublishedLateIsIgnored() {
        Catalog catalog = new Catalog(Map.of(), Map.of());
        catalog.publish("T", table("T", 2), Timestamp.ofMicros(200));
        catalog.publish("T", table("T", 1), Timestamp.ofMicros(100));
        assertEquals(2, catalog.table("T").orElseThrow().columns().size());
        catalog.publish("T", null, Timestamp.ofMicros(300));
        catalog.publish("T", table("T", 3), Timestamp.ofMicros(250));
        assertTrue(catalog.table("T").isEmpty());
    }

    @Test
    void leasesPinASnapshotAndHoldBackWaiters() throws Exception {
        Catalog catalog = new Catalog(Map.of(), Map.of());
        Catalog.Lease old = catalog.lease();
        catalog.publish("T", table("T", 1), Timestamp.ofMicros(100));
        long version = catalog.version();
        assertTrue(old.snapshot().table("T").isEmpty());
        assertEquals(1, catalog.leasesBefore(version));
        assertFalse(catalog.awaitLeasesFrom(version, 20));
        Catalog.Lease current = catalog.lease();
        CompletableFuture<Boolean> waiter = CompletableFuture.supplyAsync(() -> {
            try {
                return catalog.awaitLeasesFrom(version, 30_000);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        old.release();
        old.release();
        assertTrue(waiter.get(30, TimeUnit.SECONDS));
        assertEquals(0, catalog.leasesBefore(version));
        // A lease on the current version does not hold back a wait for it.
        assertTrue(catalog.awaitLeasesFrom(version, 0));
        current.release();
    }
}
