package io.meridian.paxos.core;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Collections;
import java.util.Collection;
import java.util.Set;
import java.util.TreeSet;

/**
 * Who belongs to a group: voters (whose acceptances make quorums and who may lead) and learners
 * (who receive the log but do not count). A change is a log entry whose command is
 * {@link #encode()}: it takes effect for every slot after its own, as soon as it is logged.
 * Changes are one replica at a time (add a learner, promote a learner, remove a member), so any
 * majority of the voters before a change meets any majority after it.
 */
public record Membership(Set<Integer> voters, Set<Integer> learners) {
    /** Starts every membership command; user commands may not (the driver refuses them). */
    static final byte[] MAGIC = {(byte) 0xFF, 'm', 'e', 'm', 'b', 'e', 'r', 's'};
    private static final int MEMBERS_MAX = 64;

    public Membership {
        // Sorted, so that iterating a membership is deterministic (Set.copyOf's order is salted per JVM).
        voters = Collections.unmodifiableSortedSet(new TreeSet<>(voters));
        learners = Collections.unmodifiableSortedSet(new TreeSet<>(learners));
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
        check(!contains(id), "node %s is already a member of %s", id, this);
        TreeSet<Integer> l = new TreeSet<>(learners);
        l.add(id);
        return new Membership(voters, l);
    }

    public Membership promoted(int id) {
        check(learners.contains(id), "node %s is not a learner of %s", id, this);
        TreeSet<Integer> v = new TreeSet<>(voters);
        v.add(id);
        TreeSet<Integer> l = new TreeSet<>(learners);
        l.remove(id);
        return new Membership(v, l);
    }

    public Membership without(int id) {
        check(contains(id), "node %s is not a member of %s", id, this);
        check(!(voters.size() == 1 && voters.contains(id)), "cannot remove the last voter %s", id);
        TreeSet<Integer> v = new TreeSet<>(voters);
        v.remove(id);
        TreeSet<Integer> l = new TreeSet<>(learners);
        l.remove(id);
        return new Membership(v, l);
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
            }
        }
        return differences == 1;
    }

    public byte[] encode() {
        ByteBuffer b = ByteBuffer.allocate(MAGIC.length + 8 + 4 * (voters.size() + learners.size()));
        b.put(MAGIC).putInt(voters.size()).putInt(learners.size());
        new TreeSet<>(voters).forEach(b::putInt);
        new TreeSet<>(learners).forEach(b::putInt);
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
        Invariants.check(v >= 0 && l >= 0 && v + l <= MEMBERS_MAX && b.remaining() == 4 * (v + l),
                "malformed membership command");
        TreeSet<Integer> voters = new TreeSet<>();
        for (int i = 0; i < v; i++) {
            voters.add(b.getInt());
        }
        TreeSet<Integer> learners = new TreeSet<>();
        for (int i = 0; i < l; i++) {
            learners.add(b.getInt());
        }
        return new Membership(voters, learners);
    }

    private static void check(boolean ok, String format, Object... args) {
        if (!ok) {
            throw new IllegalArgumentException(String.format(format, args));
        }
    }

    @Override
    public String toString() {
        return "voters" + new TreeSet<>(voters) + (learners.isEmpty() ? "" : " learners" + new TreeSet<>(learners));
    }
}
