package io.meridian.paxos.core;

import java.util.List;

/** What replicas of one group say to each other. Every message names its sender and target. */
public sealed interface PaxosMessage {
    int from();

    int to();

    Ballot ballot();

    /** Phase 1a: promise me ballot b, and tell me what you accepted at slots >= fromIndex. */
    record Prepare(int from, int to, Ballot ballot, long fromIndex) implements PaxosMessage {
    }

    /** Phase 1b: promised; here is what I accepted from fromIndex on, and what I know is chosen. */
    record Promise(int from, int to, Ballot ballot, List<LogEntry> accepted, long chosenIndex)
            implements PaxosMessage {
    }

    /**
     * Phase 2a, batched and pipelined: accept these consecutive slots in ballot b; the leader's
     * chosen index rides along. With no entries it is the leader's heartbeat. A positive
     * {@code leaseStart} also asks for a lease: the leader's TrueTime earliest, read before it sent
     * the request (see {@link LeaseKeeper}).
     */
    record Accept(int from, int to, Ballot ballot, List<LogEntry> entries, long chosenIndex, long leaseStart)
            implements PaxosMessage {
        /** No lease request. */
        public Accept(int from, int to, Ballot ballot, List<LogEntry> entries, long chosenIndex) {
            this(from, to, ballot, entries, chosenIndex, LeaseKeeper.NO_REQUEST);
        }
    }

    /**
     * Phase 2b: every slot up to matchIndex holds a chosen value or ballot b's value. A positive
     * {@code leaseStart} echoes the lease request this acceptor granted.
     */
    record Accepted(int from, int to, Ballot ballot, long matchIndex, long leaseStart) implements PaxosMessage {
        /** No lease granted. */
        public Accepted(int from, int to, Ballot ballot, long matchIndex) {
            this(from, to, ballot, matchIndex, LeaseKeeper.NO_REQUEST);
        }
    }

    /**
     * The leader of ballot b gives up every lease it requested at or before {@code floor} (its
     * TrueTime latest when it gave up); with {@code campaignNow} the target of a leader transfer
     * is told to campaign at once (Raft's TimeoutNow).
     */
    record Relinquish(int from, int to, Ballot ballot, long floor, boolean campaignNow) implements PaxosMessage {
    }

    /** Refusal: I promised a higher ballot; the sender must step down and pick a higher one. */
    record Reject(int from, int to, Ballot ballot, long matchIndex) implements PaxosMessage {
    }
}
