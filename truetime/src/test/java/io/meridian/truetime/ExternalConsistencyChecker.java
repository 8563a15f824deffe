package io.meridian.truetime;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Checks Spanner's external-consistency rule over a history of commits: if commit B started, in
 * true time, after commit A's commit wait finished, then B's timestamp is greater than A's. One
 * sweep over the history sorted by start and by end, O(n log n); the violation it names for B is
 * the finished commit with the largest timestamp.
 */
public final class ExternalConsistencyChecker {
    /** One commit as the simulation saw it: who, when (true time), and the timestamp it took. */
    public record Commit(String node, long startTrueMicros, long endTrueMicros, Timestamp timestamp) {
        public Commit {
            if (endTrueMicros < startTrueMicros) {
                throw new IllegalArgumentException("commit ends before it starts: " + startTrueMicros + " > " + endTrueMicros);
            }
        }
    }

    /** {@code second} started after {@code first} finished, yet its timestamp is not greater. */
    public record Violation(Commit first, Commit second) {
        @Override
        public String toString() {
            return "commit on " + second.node() + " at " + second.timestamp() + " started at true " + second.startTrueMicros()
                    + ", after the commit on " + first.node() + " at " + first.timestamp() + " finished at true "
                    + first.endTrueMicros();
        }
    }

    private final List<Commit> commits = new ArrayList<>();

    public void record(Commit commit) {
        commits.add(commit);
    }

    public int commitCount() {
        return commits.size();
    }

    /** Every commit that broke the rule (one violation each, naming its worst predecessor), at most {@code max}. */
    public List<Violation> violations(int max) {
        List<Commit> byStart = new ArrayList<>(commits);
        byStart.sort(Comparator.comparingLong(Commit::startTrueMicros));
        List<Commit> byEnd = new ArrayList<>(commits);
        byEnd.sort(Comparator.comparingLong(Commit::endTrueMicros));
        List<Violation> found = new ArrayList<>();
        Commit latestFinished = null;
        int finished = 0;
        for (Commit commit : byStart) {
            while (finished < byEnd.size() && byEnd.get(finished).endTrueMicros() < commit.startTrueMicros()) {
                Commit candidate = byEnd.get(finished++);
                if (latestFinished == null || candidate.timestamp().isAfter(latestFinished.timestamp())) {
                    latestFinished = candidate;
                }
            }
            if (latestFinished != null && !commit.timestamp().isAfter(latestFinished.timestamp())) {
                found.add(new Violation(latestFinished, commit));
                if (found.size() >= max) {
                    break;
                }
            }
        }
        return found;
    }
}
