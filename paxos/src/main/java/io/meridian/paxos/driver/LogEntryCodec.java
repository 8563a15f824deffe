package io.meridian.paxos.driver;

import io.meridian.paxos.core.Ballot;
import io.meridian.paxos.core.HardState;
import io.meridian.paxos.core.LogEntry;
import java.nio.ByteBuffer;
import java.util.Arrays;

/** The on-disk form of log entries and hard state: ballot round, ballot node, then the command. */
final class LogEntryCodec {
    private static final int BALLOT_BYTES = 12;

    private LogEntryCodec() {
    }

    static byte[] encode(LogEntry entry) {
        return ByteBuffer.allocate(BALLOT_BYTES + entry.command().length).putLong(entry.ballot().round())
                .putInt(entry.ballot().nodeId()).put(entry.command()).array();
    }

    static LogEntry decode(long index, byte[] bytes) {
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        Ballot ballot = new Ballot(buffer.getLong(), buffer.getInt());
        return new LogEntry(index, ballot, Arrays.copyOfRange(bytes, BALLOT_BYTES, bytes.length));
    }

    static byte[] encode(HardState state) {
        return ByteBuffer.allocate(BALLOT_BYTES).putLong(state.promised().round()).putInt(state.promised().nodeId())
                .array();
    }

    static HardState decodeHardState(byte[] bytes) {
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        return new HardState(new Ballot(buffer.getLong(), buffer.getInt()));
    }
}
