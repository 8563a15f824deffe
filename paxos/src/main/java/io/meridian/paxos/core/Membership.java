package io.meridian.paxos.core;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collections;
import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Who belongs to a group: voters (whose acceptances make quorums and who may lead) and learners
 * (who receive the log but do not count). A change is a log entry whose command is
 * {@link #encode()}: it takes effect for every slot after its own, as soon as it is logged.
 * Changes are one replica at a time (add a learner, promote a learner, remove a member), so any
 * majority of the voters before a change meets any majority after it.
 *
 * <p>{@code addresses} is an address book for members that joined by a change: how to reach
 * them, opaque to Paxos (the server writes host and ports there). It rides in the change that adds
 * the member, so every replica learns a new member's address from its own log, and a restarted
 * replica from its state machine's recorded membership. Members without an entry are reached by
 * configuration (the initial members).
 */
public record Membership(Set<Integer> voters, Set<Integer> learners, Map<Integer, String> addresses) {
    /** Starts every membership command; user commands may not (the driver refuses them). */
    static final byte[] MAGIC = {(byte) 0xFF, 'm', 'e', 'm', 'b', 'e', 'r', 's'};
    private static final int MEMBERS_MAX = 64;
    /** Bytes of one member's address (UTF-8). */
    public static final int ADDRESS_BYTES_MAX = 512;

    public Membership(Set<Integer> voters, Set<Integer> learners) {
        this(voters, learners, Map.of());
    }

    public Membership {
        // Sorted, so that iterating a membership is deterministic (Set.copyOf's order is salted per JVM).
        voters = Collections.unmodifiableSortedSet(new TreeSet<>(voters));
        learners = Collections.unmodifiableSortedSet(new TreeSet<>(learners));
        addresses = Collections.unmodifiableSortedMap(new TreeMap<>(addresses));
        for (Map.Entry<Integer, String> a : addresses.entrySet()) {
            if (!voters.contains(a.getKey()) && !learners.contains(a.getKey())) {
                throw new IllegalArgumentException("address given for node " + a.getKey() + ", not a member");
            }
            if (a.getValue().isEmpty() || a.getValue().getBytes(StandardCharsets.UTF_8).length > ADDRESS_BYTES_MAX) {
                throw new IllegalArgumentException("address of node " + a.getKey() + " must have 1 to "
                        + ADDRESS_BYTES_MAX + " bytes");
            }
        }
        for (int id : voters) {
            if (id <= 0 || learners.contains(id)) {
                throw new IllegalArgumentException("bad membership: voters " + voters + ", learners " + learners);
            }
        }
        for (int id : learners) {
            if (id <= 0) {
                throw new IllegalArgumentException("bad membership: learners " + learners);
            }
        }
        if (voters.isEmpty() || voters.size() + learners.size() > MEMBERS_MAX) {
            throw new IllegalArgumentException("a group needs 1 to " + MEMBERS_MAX + " members, voters " + voters);
        }
    }

    public static Membership ofVoters(Collection<Integer> voters) {
        return new Membership(Set.copyOf(voters), Set.of());
    }

    public boolean isVoter(int id) {
        return voters.contains(id);
    }

    public boolean contains(int id) {
        return voters.contains(id) || learners.contains(id);
    }

    public int quorum() {
        return voters.size() / 2 + 1;
    }

    /** True when the voters among {@code ids} form a majority of the voters. */
    public boolean hasQuorum(Collection<Integer> ids) {
        int n = 0;
        for (int id : ids) {
            if (voters.contains(id)) {
                n++;
            }
        }
        return n >= quorum();
    }

    /** Everyone who receives the log: voters and learners. */
    public Set<Integer> members() {
        TreeSet<Integer> all = new TreeSet<>(voters);
        all.addAll(learners);
        return all;
    }

    public Membership withLearner(int id) {
        return withLearner(id, null);
    }

    /** Adds {@code id} as a learner reachable at {@code address} (null: reached by configuration). */
    public Membership withLearner(int id, String address) {
        check(!contains(id), "node %s is already a member of %s", id, this);
        TreeSet<Integer> l = new TreeSet<>(learners);
        l.add(id);
        TreeMap<Integer, String> a = new TreeMap<>(addresses);
        if (address != null) {
            a.put(id, address);
        }
        return new Membership(voters, l, a);
    }

    /** How to reach {@code id}, if it joined with an address. */
    public java.util.Optional<String> address(int id) {
        return java.util.Optional.ofNullable(addresses.get(id));
    }

    public Membership promoted(int id) {
        check(learners.contains(id), "node %s is not a learner of %s", id, this);
        TreeSet<Integer> v = new TreeSet<>(voters);
        v.add(id);
        TreeSet<Integer> l = new TreeSet<>(learners);
        l.remove(id);
        return new Membership(v, l, addresses);
    }

    public Membership without(int id) {
        check(contains(id), "node %s is not a member of %s", id, this);
        check(!(voters.size() == 1 && voters.contains(id)), "cannot remove the last voter %s", id);
        TreeSet<Integer> v = new TreeSet<>(voters);
        v.remove(id);
        TreeSet<Integer> l = new TreeSet<>(learners);
        l.remove(id);
        TreeMap<Integer, String> a = new TreeMap<>(addresses);
        a.remove(id);
        return new Membership(v, l, a);
    }

    /** True when {@code next} differs from this by one replica added as learner, promoted, or removed. */
    boolean isSingleChangeTo(Membership next) {
        TreeSet<Integer> changed = new TreeSet<>(members());
        changed.addAll(next.members());
        int differences = 0;
        for (int id : changed) {
            boolean same = voters.contains(id) == next.voters.contains(id)
                    && learners.contains(id) == next.learners.contains(id);
            if (!same) {
                differences++;
                boolean addedLearner = !contains(id) && next.learners.contains(id);
                boolean promoted = learners.contains(id) && next.voters.contains(id);
                boolean removed = contains(id) && !next.contains(id);
                if (!addedLearner && !promoted && !removed) {
                    return false;
                }
                if (promoted && !java.util.Objects.equals(addresses.get(id), next.addresses.get(id))) {
                    return false;
                }
            } else if (!java.util.Objects.equals(addresses.get(id), next.addresses.get(id))) {
                return false; // an address is set only by the change that adds its node
            }
        }
        return differences == 1;
    }

    /**
     * MAGIC, voter and learner counts, their ids, then (only when some member has one) the address
     * count and each address as id, length, UTF-8 bytes. Commands without the address section are
     * what builds before the address book wrote, and still decode.
     */
    public byte[] encode() {
        int size = MAGIC.length + 8 + 4 * (voters.size() + learners.size());
        if (!addresses.isEmpty()) {
            size += 4;
            for (String a : addresses.values()) {
                size += 8 + a.getBytes(StandardCharsets.UTF_8).length;
            }
        }
        ByteBuffer b = ByteBuffer.allocate(size);
        b.put(MAGIC).putInt(voters.size()).putInt(learners.size());
        voters.forEach(b::putInt);
        learners.forEach(b::putInt);
        if (!addresses.isEmpty()) {
            b.putInt(addresses.size());
            for (Map.Entry<Integer, String> a : addresses.entrySet()) {
                byte[] bytes = a.getValue().getBytes(StandardCharsets.UTF_8);
                b.putInt(a.getKey()).putInt(bytes.length).put(bytes);
            }
        }
        return b.array();
    }

    public static boolean isMembership(byte[] command) {
        return command.length >= MAGIC.length && Arrays.equals(command, 0, MAGIC.length, MAGIC, 0, MAGIC.length);
    }

    /** Decodes a membership command; a malformed one is a broken invariant (it was validated when proposed). */
    public static Membership decode(byte[] command) {
        Invariants.check(isMembership(command), "not a membership command");
        ByteBuffer b = ByteBuffer.wrap(command, MAGIC.length, command.length - MAGIC.length);
        int v = b.getInt();
        int l = b.getInt();
        Invariants.check(v >= 0 && l >= 0 && v + l <= MEMBERS_MAX && b.remaining() >= 4 * (v + l),
                "malformed membership command");
        TreeSet<Integer> voters = new TreeSet<>();
        for (int i = 0; i < v; i++) {
            voters.add(b.getInt());
        }
        TreeSet<Integer> learners = new TreeSet<>();
        for (int i = 0; i < l; i++) {
            learners.add(b.getInt());
        }
        TreeMap<Integer, String> addresses = new TreeMap<>();
        if (b.hasRemaining()) {
            int count = b.getInt();
            Invariants.check(count >= 0 && count <= v + l, "malformed membership command: %s addresses", count);
            for (int i = 0; i < count; i++) {
                int id = b.getInt();
                int length = b.getInt();
                Invariants.check(length > 0 && length <= ADDRESS_BYTES_MAX && length <= b.remaining(),
                        "malformed membership command: address of %s has %s bytes", id, length);
                byte[] bytes = new byte[length];
                b.get(bytes);
                addresses.put(id, new String(bytes, StandardCharsets.UTF_8));
            }
        }
        Invariants.check(!b.hasRemaining(), "malformed membership command: trailing bytes");
        return new Membership(voters, learners, addresses);
    }

    private static void check(boolean ok, String format, Object... args) {
        if (!ok) {
            throw new IllegalArgumentException(String.format(format, args));
        }
    }

    @Override
    public String toString() {
        return "voters" + voters + (learners.isEmpty() ? "" : " learners" + learners)
                + (addresses.isEmpty() ? "" : " addresses" + addresses);
    }
}
