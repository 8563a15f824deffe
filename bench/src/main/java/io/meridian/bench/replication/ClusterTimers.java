package io.meridian.bench.replication;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The cluster node's timing constants (tick, election timeout, lease if it has one), read from
 * the class the nodes run so the figure printed next to failover cannot drift from the code.
 */
final class ClusterTimers {
    static final String NODE_CLASS = "io.meridian.server.cluster.ClusterNode";
    static final String CONFIG_CLASS = "io.meridian.paxos.core.PaxosConfig";

    private ClusterTimers() {
    }

    static String describe() {
        try {
            Class<?> node = Class.forName(NODE_CLASS);
            long tick = number(node, "TICK_MILLIS");
            long election = number(node, "ELECTION_TICKS");
            List<String> parts = new ArrayList<>();
            if (tick > 0 && election > 0) {
                parts.add(String.format(Locale.ROOT, "election timeout %d-%d ms (%d ticks of %d ms, randomised up to 2x)",
                        election * tick, 2 * election * tick, election, tick));
            }
            for (Class<?> type : List.of(node, Class.forName(CONFIG_CLASS))) {
                for (Field f : type.getDeclaredFields()) {
                    if (Modifier.isStatic(f.getModifiers()) && f.getName().contains("LEASE")
                            && (f.getType() == long.class || f.getType() == int.class)) {
                        f.setAccessible(true);
                        parts.add(type.getSimpleName() + "." + f.getName() + " = " + f.get(null));
                    }
                }
            }
            if (parts.stream().noneMatch(p -> p.contains("LEASE"))) {
                parts.add("no leader lease in this build");
            }
            return String.join("; ", parts);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return "timers unknown (" + e + ")";
        }
    }

    private static long number(Class<?> type, String name) throws IllegalAccessException {
        try {
            Field f = type.getDeclaredField(name);
            f.setAccessible(true);
            return ((Number) f.get(null)).longValue();
        } catch (NoSuchFieldException e) {
            return -1;
        }
    }
}
