package io.meridian.sql;

import java.util.Iterator;
import java.util.LinkedHashMap;

/**
 * Query plans shared by every session of an engine, keyed by SQL text and the catalog version
 * they were planned against, least recently used first out. A session whose transaction pinned
 * version v finds only plans made for v, so a plan never sees a schema other than its statement's.
 * The first lookup at a newer version drops every older plan (DDL committed: they are stale for
 * new transactions; an older transaction still open just plans again). Thread-safe.
 */
final class SharedPlans {
    private record Key(String sql, long catalogVersion) {
    }

    private final int entriesMax;
    private final LinkedHashMap<Key, PreparedQuery> plans = new LinkedHashMap<>(64, 0.75f, true);
    private final ResultMetrics metrics;
    private long newestVersion = Long.MIN_VALUE;

    SharedPlans(int entriesMax, ResultMetrics metrics) {
        this.entriesMax = entriesMax;
        this.metrics = metrics;
    }

    /** The plan of {@code sql} for {@code catalogVersion}, or null (counted as a miss: the caller plans). */
    synchronized PreparedQuery get(String sql, long catalogVersion) {
        noteVersion(catalogVersion);
        PreparedQuery plan = plans.get(new Key(sql, catalogVersion));
        metrics.sharedPlanLookup(plan != null);
        return plan;
    }

    synchronized void put(String sql, long catalogVersion, PreparedQuery plan) {
        noteVersion(catalogVersion);
        if (catalogVersion < newestVersion) {
            return; // planned in a transaction pinned before the latest DDL: nobody new will ask
        }
        plans.put(new Key(sql, catalogVersion), plan);
        if (plans.size() > entriesMax) {
            Iterator<Key> eldest = plans.keySet().iterator();
            eldest.next();
            eldest.remove();
        }
    }

    private void noteVersion(long catalogVersion) {
        if (catalogVersion > newestVersion) {
            newestVersion = catalogVersion;
            plans.keySet().removeIf(k -> k.catalogVersion() < catalogVersion);
        }
    }

    synchronized int size() {
        return plans.size();
    }

}
