package io.meridian.paxos.core;

import java.util.Arrays;

/**
 * The value a replica accepted for one slot, stamped with the ballot it was accepted in. An empty
 * command is a no-op that fills a gap after a leader change.
 */
public record LogEntry(long index, Ballot ballot, byte[] command) {
    public boolean isNoop() {
        return command.length == 0;
    }

    public LogEntry restamp(Ballot newBallot) {
        return new LogEntry(index, newBallot, command);
    }

    public boolean sameCommand(byte[] other) {
        return Arrays.equals(command, other);
    }

    @Override
    public String toString() {
        return index + "@" + ballot + (isNoop() ? "(noop)" : "(" + command.length + "B)");
    }
}
