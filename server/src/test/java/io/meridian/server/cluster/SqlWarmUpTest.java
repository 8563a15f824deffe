package io.meridian.server.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqlWarmUpTest {
    @TempDir
    Path dir;

    /** Every statement of the workload runs without error (a failing one throws), and the scratch database is gone after. */
    @Test
    void runsTheWholeWorkloadAndLeavesNothingBehind() throws Exception {
        Path scratch = dir.resolve("sql-warm-up");
        Files.createDirectories(scratch.resolve("left-over-from-a-crash"));
        int statements = SqlWarmUp.run(scratch);
        assertEquals(1 + SqlWarmUp.ROUNDS * (SqlWarmUp.ROWS_PER_ROUND + 9), statements);
        assertFalse(Files.exists(scratch), "the scratch database is deleted");
    }
}
