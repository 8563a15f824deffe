package io.meridian.paxos.driver;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.meridian.paxos.core.Ballot;
import io.meridian.paxos.core.HardState;
import io.meridian.paxos.core.LogEntry;
import org.junit.jupiter.api.Test;

class LogEntryCodecTest {
    @Test
    void entryRoundTrips() {
        LogEntry e = new LogEntry(42, new Ballot(7, 3), new byte[] {1, 2, 3});
        LogEntry back = LogEntryCodec.decode(42, LogEntryCodec.encode(e));
        assertEquals(e.index(), back.index());
        assertEquals(e.ballot(), back.ballot());
        assertArrayEquals(e.command(), back.command());
    }

    @Test
    void noopRoundTrips() {
        LogEntry back = LogEntryCodec.decode(1, LogEntryCodec.encode(new LogEntry(1, new Ballot(1, 1), new byte[0])));
        assertEquals(true, back.isNoop());
    }

    @Test
    void hardStateRoundTrips() {
        HardState h = new HardState(new Ballot(Long.MAX_VALUE - 1, 5));
        assertEquals(h, LogEntryCodec.decodeHardState(LogEntryCodec.encode(h)));
    }
}
