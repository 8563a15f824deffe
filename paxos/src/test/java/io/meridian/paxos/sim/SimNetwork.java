package io.meridian.paxos.sim;

import io.meridian.paxos.core.PaxosMessage;
import io.meridian.paxos.driver.PaxosTransport;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * The simulated network: every send may be dropped, duplicated, or delayed (which reorders), and
 * links can be cut one direction at a time. All choices come from the simulation's random source.
 */
final class SimNetwork implements PaxosTransport {
    record Envelope(long sequence, PaxosMessage message, long deliverAt) {
    }

    /** Fault rates; mutable so the simulation can heal the network. */
    static final class Faults {
        double dropRate;
        double duplicateRate;
        int delayTicksMax;
        double longDelayRate;
        int longDelayTicksMax;
    }

    private final SplittableRandom random;
    private final SimNode[] nodes;
    private final boolean[][] blocked;
    private final List<Envelope> inFlight = new ArrayList<>();
    final Faults faults = new Faults();
    private long now;
    private long sequence;
    private long sent;
    private final Map<String, Long> sentByKind = new TreeMap<>();
    private long delivered;

    SimNetwork(SplittableRandom random, SimNode[] nodes) {
        this.random = random;
        this.nodes = nodes;
        this.blocked = new boolean[nodes.length][nodes.length];
    }

    @Override
    public void send(long groupId, PaxosMessage message) {
        nodes[message.from()].ioPoint("send " + message.getClass().getSimpleName() + " to " + message.to());
        sent++;
        sentByKind.merge(message.getClass().getSimpleName() + (message instanceof PaxosMessage.Accept a
                && a.entries().isEmpty() ? "(empty)" : ""), 1L, Long::sum);
        if (random.nextDouble() < faults.dropRate) {
            return;
        }
        enqueue(message);
        if (random.nextDouble() < faults.duplicateRate) {
            enqueue(message);
        }
    }

    private void enqueue(PaxosMessage message) {
        int delay = faults.delayTicksMax == 0 ? 0 : random.nextInt(faults.delayTicksMax + 1);
        if (faults.longDelayRate > 0 && random.nextDouble() < faults.longDelayRate) {
            delay += random.nextInt(faults.longDelayTicksMax + 1);
        }
        inFlight.add(new Envelope(sequence++, message, now + delay));
    }

    void advanceTo(long tick) {
        now = tick;
    }

    int deliverableCount() {
        int n = 0;
        for (Envelope e : inFlight) {
            if (e.deliverAt() <= now) {
                n++;
            }
        }
        return n;
    }

    /**
     * Removes and returns one deliverable message chosen at random (so delivery order is not send
     * order), or null when none is due. A message on a cut link, or to a node that is down, is lost.
     */
    PaxosMessage next() {
        while (true) {
            int count = deliverableCount();
            if (count == 0) {
                return null;
            }
            int pick = random.nextInt(count);
            Envelope chosen = null;
            for (int i = 0; i < inFlight.size(); i++) {
                Envelope e = inFlight.get(i);
                if (e.deliverAt() <= now && pick-- == 0) {
                    chosen = inFlight.remove(i);
                    break;
                }
            }
            PaxosMessage m = chosen.message();
            if (!blocked[m.from()][m.to()] && nodes[m.to()].isUp()) {
                delivered++;
                return m;
            }
        }
    }

    int inFlightCount() {
        return inFlight.size();
    }

    void block(int from, int to) {
        blocked[from][to] = true;
    }

    void healLinks() {
        for (boolean[] row : blocked) {
            Arrays.fill(row, false);
        }
    }

    boolean isBlocked(int from, int to) {
        return blocked[from][to];
    }

    long sent() {
        return sent;
    }

    /** Messages sent so far by kind (an Accept without entries counts apart), for failure reports. */
    Map<String, Long> sentByKind() {
        return sentByKind;
    }

    long delivered() {
        return delivered;
    }
}
