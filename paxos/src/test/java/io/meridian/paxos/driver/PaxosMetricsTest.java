package io.meridian.paxos.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.meridian.paxos.core.Ballot;
import io.meridian.paxos.core.Membership;
import io.meridian.paxos.core.PaxosNode;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PaxosMetricsTest {
    private static ReplicaStatus status(long compactedIndex, long lastIndex) {
        return new ReplicaStatus(1, PaxosNode.Role.FOLLOWER, 2, new Ballot(1, 2), lastIndex, lastIndex, lastIndex, false,
                0, 0, Map.of(), compactedIndex, compactedIndex, new Membership(Set.of(1, 2, 3), Set.of()));
    }

    @Test
    void logEntriesCountsOnlyTheSlotsAfterTheCompactedPrefix() {
        assertEquals(30, PaxosMetrics.logEntries(status(100, 130)), "slots 101..130");
        assertEquals(130, PaxosMetrics.logEntries(status(0, 130)), "nothing compacted yet");
        assertEquals(0, PaxosMetrics.logEntries(status(130, 130)), "a snapshot covering the whole log");
    }
}
