package io.meridian.paxos.core;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The memberships a replica's log implies: the one in effect after its applied prefix (durable in
 * the state machine, and so in its snapshots) and the membership entries its log holds above it,
 * accepted but possibly not chosen. A change logged at slot i governs every slot after i.
 */
final class MembershipLog {
    private Membership applied;
    private final TreeMap<Long, Membership> logged = new TreeMap<>();
    /** {@link #everyone()}, cached: it is asked for on every message and every drain. */
    private Set<Integer> everyone;

    MembershipLog(Membership applied) {
        this.applied = applied;
    }

    /** Records what the log now holds at {@code entry}'s slot (a later value may replace a change). */
    void put(LogEntry entry) {
        if (Membership.isMembership(entry.command())) {
            logged.put(entry.index(), Membership.decode(entry.command()));
            everyone = null;
        } else if (logged.remove(entry.index()) != null) {
            everyone = null;
        }
    }

    /** The membership governing {@code slot}: the last change logged before it. */
    Membership at(long slot) {
        Map.Entry<Long, Membership> e = logged.lowerEntry(slot);
        return e == null ? applied : e.getValue();
    }

    Membership latest() {
        return logged.isEmpty() ? applied : logged.lastEntry().getValue();
    }

    Membership applied() {
        return applied;
    }

    /** Every membership that may govern a slot at or after {@code slot}: the one at it and every later change. */
    Set<Membership> governingFrom(long slot) {
        Set<Membership> out = new LinkedHashSet<>();
        out.add(at(slot));
        out.addAll(logged.tailMap(slot, true).values());
        return out;
    }

    /** Slots (ascending) after which the governing membership changes, within (from, to). */
    List<Long> changesBetween(long from, long to) {
        return new ArrayList<>(logged.subMap(from, false, to, false).keySet());
    }

    /** True when a change is logged above {@code chosenIndex}: the next one must wait for it to be chosen. */
    boolean hasUnchosenChange(long chosenIndex) {
        return !logged.tailMap(chosenIndex, false).isEmpty();
    }

    /** The state machine applied {@code entry}. */
    void applied(LogEntry entry) {
        if (Membership.isMembership(entry.command())) {
            applied = Membership.decode(entry.command());
            everyone = null;
        }
        if (!logged.isEmpty() && logged.firstKey() <= entry.index()) {
            logged.headMap(entry.index(), true).clear();
            everyone = null;
        }
    }

    /** A snapshot up to {@code index} was installed; {@code membership} is the one it carried. */
    void installed(long index, Membership membership) {
        applied = membership;
        logged.headMap(index, true).clear();
        everyone = null;
    }

    /** Every replica any governing membership names (the leader replicates to all of them). */
    Set<Integer> everyone() {
        if (everyone == null) {
            TreeSet<Integer> all = new TreeSet<>(applied.members());
            for (Membership m : logged.values()) {
                all.addAll(m.members());
            }
            everyone = java.util.Collections.unmodifiableSortedSet(all);
        }
        return everyone;
    }
}
