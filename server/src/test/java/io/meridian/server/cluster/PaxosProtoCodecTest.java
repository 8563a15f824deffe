package io.meridian.server.cluster;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.meridian.paxos.core.Ballot;
import io.meridian.paxos.core.LogEntry;
import io.meridian.paxos.core.PaxosMessage;
import io.meridian.rpc.paxos.PaxosEnvelope;
import java.util.List;
import org.junit.jupiter.api.Test;

class PaxosProtoCodecTest {
    private static PaxosMessage roundTrip(PaxosMessage m) throws Exception {
        PaxosEnvelope wire = PaxosEnvelope.parseFrom(PaxosProtoCodec.encode(7, m).toByteArray());
        assertEquals(7, wire.getGroupId());
        return PaxosProtoCodec.decode(wire);
    }

    @Test
    void everyMessageSurvivesTheWire() throws Exception {
        Ballot b = new Ballot(5, 2);
        List<LogEntry> entries = List.of(new LogEntry(3, b, new byte[] {1, 2}), new LogEntry(4, b, new byte[0]));
        assertEquals(new PaxosMessage.Prepare(2, 1, b, 9), roundTrip(new PaxosMessage.Prepare(2, 1, b, 9)));
        assertEquals(new PaxosMessage.Accepted(1, 2, b, 4), roundTrip(new PaxosMessage.Accepted(1, 2, b, 4)));
        assertEquals(new PaxosMessage.Reject(1, 2, b, 3), roundTrip(new PaxosMessage.Reject(1, 2, b, 3)));
        PaxosMessage.Accept accept = (PaxosMessage.Accept) roundTrip(new PaxosMessage.Accept(2, 3, b, entries, 3));
        assertEquals(2, accept.entries().size());
        assertArrayEquals(new byte[] {1, 2}, accept.entries().get(0).command());
        assertEquals(b, accept.entries().get(1).ballot());
        assertEquals(3, accept.chosenIndex());
        PaxosMessage.Promise promise = (PaxosMessage.Promise) roundTrip(new PaxosMessage.Promise(3, 2, b, entries, 2));
        assertEquals(4, promise.accepted().get(1).index());
    }

    @Test
    void leaseFieldsAndRelinquishSurvive() throws Exception {
        Ballot b = new Ballot(5, 2);
        long start = 1_764_000_000_000_000L;
        assertEquals(start, ((PaxosMessage.Accept) roundTrip(new PaxosMessage.Accept(2, 3, b, List.of(), 3, start)))
                .leaseStart());
        assertEquals(new PaxosMessage.Accepted(3, 2, b, 4, start),
                roundTrip(new PaxosMessage.Accepted(3, 2, b, 4, start)));
        assertEquals(new PaxosMessage.Relinquish(2, 1, b, start, true),
                roundTrip(new PaxosMessage.Relinquish(2, 1, b, start, true)));
        assertEquals(new PaxosMessage.Relinquish(2, 3, b, start, false),
                roundTrip(new PaxosMessage.Relinquish(2, 3, b, start, false)));
    }

    @Test
    void preVoteBallotsWithNegativeNodeIdsSurvive() throws Exception {
        Ballot preVote = new Ballot(8, -3);
        assertEquals(preVote, roundTrip(new PaxosMessage.Prepare(3, 1, preVote, 1)).ballot());
    }

    @Test
    void envelopeWithoutMessageIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> PaxosProtoCodec.decode(PaxosEnvelope.newBuilder().build()));
    }
}
