package io.meridian.sql.plan;

import static io.meridian.sql.plan.TestDatabase.rows;
import static io.meridian.sql.plan.TestDatabase.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meridian.sql.SqlSession;
import io.meridian.sql.catalog.ColumnDef;
import io.meridian.sql.catalog.TableDef;
import io.meridian.sql.codec.KeyCodec;
import java.util.List;
import org.apache.calcite.sql.type.SqlTypeName;
import org.junit.jupiter.api.Test;

/** Scans ask the range layer which tablets cover a key range and read each piece: a split table reads whole. */
class SplitTabletScanTest {
    /** The catalog gives the first table this id. */
    static final long FIRST_TABLE_ID = 100;

    @Test
    void rangesAcrossATabletSplitReturnEveryRow() throws Exception {
        TableDef shape = new TableDef(FIRST_TABLE_ID, "S", List.of(new ColumnDef("ID", SqlTypeName.INTEGER, -1, -1, false, null)),
                List.of(0));
        byte[] split = KeyCodec.primaryKey(shape, new Object[] {50});
        TestDatabase db = new TestDatabase(1_000, List.of(split));
        try (SqlSession session = db.engine.openSession()) {
            run(session, "CREATE TABLE s (id INTEGER PRIMARY KEY, v VARCHAR(10))");
            for (int id = 0; id < 100; id++) {
                run(session, "INSERT INTO s VALUES (?, ?)", id, "v" + id); // one row per commit: commits are single-tablet
            }
            int secondTabletKeys = db.tablets.get(1).keyCount();
            assertEquals(50, secondTabletKeys, "ids 50..99 live in the second tablet");
            assertEquals(List.of("[100]"), rows(session, "SELECT COUNT(*) FROM s"));
            assertEquals(List.of("[11]"), rows(session, "SELECT COUNT(*) FROM s WHERE id BETWEEN 45 AND 55"));
            assertEquals(List.of("[49]", "[50]", "[51]"), rows(session, "SELECT id FROM s WHERE id IN (51, 49, 50) ORDER BY id"));
            assertEquals(List.of("[v99]"), rows(session, "SELECT v FROM s WHERE id = ?", 99));
            assertTrue(TestDatabase.explain(session, "SELECT COUNT(*) FROM s WHERE id BETWEEN 45 AND 55")
                    .contains("range=[/S/ID=[45..55]]"));
        }
    }
}
