package io.meridian.server.cluster;

import com.google.protobuf.ByteString;
import io.meridian.paxos.core.Ballot;
import io.meridian.paxos.core.LogEntry;
import io.meridian.paxos.core.PaxosMessage;
import io.meridian.rpc.paxos.Accept;
import io.meridian.rpc.paxos.Accepted;
import io.meridian.rpc.paxos.PaxosEnvelope;
import io.meridian.rpc.paxos.Prepare;
import io.meridian.rpc.paxos.Promise;
import io.meridian.rpc.paxos.Reject;
import io.meridian.rpc.paxos.Relinquish;
import java.util.ArrayList;
import java.util.List;

/** Paxos domain messages to and from their protobuf wire form; generated classes stop here. */
final class PaxosProtoCodec {
    private PaxosProtoCodec() {
    }

    static PaxosEnvelope encode(long groupId, PaxosMessage message) {
        PaxosEnvelope.Builder b = PaxosEnvelope.newBuilder().setGroupId(groupId).setFrom(message.from())
                .setTo(message.to()).setBallot(ballot(message.ballot()));
        if (message instanceof PaxosMessage.Prepare m) {
            b.setPrepare(Prepare.newBuilder().setFromIndex(m.fromIndex()));
        } else if (message instanceof PaxosMessage.Promise m) {
            b.setPromise(Promise.newBuilder().addAllAccepted(toWire(m.accepted())).setChosenIndex(m.chosenIndex()));
        } else if (message instanceof PaxosMessage.Accept m) {
            b.setAccept(Accept.newBuilder().addAllEntries(toWire(m.entries())).setChosenIndex(m.chosenIndex())
                    .setLeaseStart(m.leaseStart()));
        } else if (message instanceof PaxosMessage.Accepted m) {
            b.setAccepted(Accepted.newBuilder().setMatchIndex(m.matchIndex()).setLeaseStart(m.leaseStart()));
        } else if (message instanceof PaxosMessage.Relinquish m) {
            b.setRelinquish(Relinquish.newBuilder().setFloor(m.floor()).setCampaignNow(m.campaignNow()));
        } else if (message instanceof PaxosMessage.Reject m) {
            b.setReject(Reject.newBuilder().setMatchIndex(m.matchIndex()));
        } else {
            throw new IllegalArgumentException("no wire form for " + message.getClass().getName());
        }
        return b.build();
    }

    /** Decodes an envelope; a malformed one raises IllegalArgumentException (the peer is dropped). */
    static PaxosMessage decode(PaxosEnvelope e) {
        int from = e.getFrom();
        int to = e.getTo();
        Ballot ballot = ballot(e.getBallot());
        return switch (e.getKindCase()) {
            case PREPARE -> new PaxosMessage.Prepare(from, to, ballot, e.getPrepare().getFromIndex());
            case PROMISE -> new PaxosMessage.Promise(from, to, ballot, fromWire(e.getPromise().getAcceptedList()),
                    e.getPromise().getChosenIndex());
            case ACCEPT -> new PaxosMessage.Accept(from, to, ballot, fromWire(e.getAccept().getEntriesList()),
                    e.getAccept().getChosenIndex(), e.getAccept().getLeaseStart());
            case ACCEPTED -> new PaxosMessage.Accepted(from, to, ballot, e.getAccepted().getMatchIndex(),
                    e.getAccepted().getLeaseStart());
            case RELINQUISH -> new PaxosMessage.Relinquish(from, to, ballot, e.getRelinquish().getFloor(),
                    e.getRelinquish().getCampaignNow());
            case REJECT -> new PaxosMessage.Reject(from, to, ballot, e.getReject().getMatchIndex());
            case KIND_NOT_SET -> throw new IllegalArgumentException("paxos envelope without a message");
        };
    }

    private static io.meridian.rpc.paxos.Ballot ballot(Ballot b) {
        return io.meridian.rpc.paxos.Ballot.newBuilder().setRound(b.round()).setNodeId(b.nodeId()).build();
    }

    private static Ballot ballot(io.meridian.rpc.paxos.Ballot b) {
        return new Ballot(b.getRound(), b.getNodeId());
    }

    private static List<io.meridian.rpc.paxos.LogEntry> toWire(List<LogEntry> entries) {
        List<io.meridian.rpc.paxos.LogEntry> out = new ArrayList<>(entries.size());
        for (LogEntry e : entries) {
            out.add(io.meridian.rpc.paxos.LogEntry.newBuilder().setIndex(e.index()).setBallot(ballot(e.ballot()))
                    .setCommand(ByteString.copyFrom(e.command())).build());
        }
        return out;
    }

    private static List<LogEntry> fromWire(List<io.meridian.rpc.paxos.LogEntry> entries) {
        List<LogEntry> out = new ArrayList<>(entries.size());
        for (io.meridian.rpc.paxos.LogEntry e : entries) {
            out.add(new LogEntry(e.getIndex(), ballot(e.getBallot()), e.getCommand().toByteArray()));
        }
        return out;
    }
}
