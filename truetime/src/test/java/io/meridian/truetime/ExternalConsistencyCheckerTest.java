package io.meridian.truetime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meridian.truetime.ExternalConsistencyChecker.Commit;
import java.util.List;
import org.junit.jupiter.api.Test;

class ExternalConsistencyCheckerTest {
    @Test
    void commitStartingAfterAnotherFinishedNeedsALargerTimestamp() {
        ExternalConsistencyChecker checker = new ExternalConsistencyChecker();
        checker.record(new Commit("a", 0, 10, Timestamp.ofMicros(100)));
        checker.record(new Commit("b", 11, 20, Timestamp.ofMicros(100)));
        List<ExternalConsistencyChecker.Violation> violations = checker.violations(10);
        assertEquals(1, violations.size());
        assertEquals("a", violations.get(0).first().node());
        assertEquals("b", violations.get(0).second().node());
    }

    @Test
    void overlappingCommitsMayOrderEitherWay() {
        ExternalConsistencyChecker checker = new ExternalConsistencyChecker();
        checker.record(new Commit("a", 0, 10, Timestamp.ofMicros(100)));
        checker.record(new Commit("b", 10, 20, Timestamp.ofMicros(50))); // starts as a finishes: concurrent
        checker.record(new Commit("c", 5, 8, Timestamp.ofMicros(40)));
        checker.record(new Commit("d", 21, 30, Timestamp.ofMicros(101)));
        assertTrue(checker.violations(10).isEmpty());
    }

    @Test
    void namesTheWorstPredecessorAndFindsEveryViolatingCommit() {
        ExternalConsistencyChecker checker = new ExternalConsistencyChecker();
        checker.record(new Commit("a", 0, 5, Timestamp.ofMicros(300)));
        checker.record(new Commit("b", 1, 6, Timestamp.ofMicros(200)));
        checker.record(new Commit("c", 7, 9, new Timestamp(300, 0)));
        checker.record(new Commit("d", 8, 12, Timestamp.ofMicros(250)));
        List<ExternalConsistencyChecker.Violation> violations = checker.violations(10);
        assertEquals(2, violations.size());
        assertEquals("a", violations.get(0).first().node());
        assertEquals("c", violations.get(0).second().node());
        assertEquals("d", violations.get(1).second().node());
        assertEquals(1, checker.violations(1).size());
    }
}
