package io.meridian.bench.replication;

import io.meridian.bench.report.ClosedLoop;
import io.meridian.bench.report.TextTable;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Issue 5: durable replicated writes of 256-byte values on a three-member group on loopback,
 * Meridian's cluster (JDBC UPSERT through the leader node) next to etcd (jetcd put to the
 * leader member), 1/16/64 closed-loop clients, then leader failover (SIGKILL) trials on both.
 * The script starts both clusters and tells this driver where they are:
 * <pre>
 *   --meridian-data DIR --meridian-restart 'CMD {node}'
 *   --etcd-endpoints URL,URL,URL --etcd-pid 'FILE{member}' --etcd-restart 'CMD {member}'
 *   [--clients 1,16,64] [--value-bytes 256] [--warmup-seconds 3] [--measure-seconds 10]
 *   [--failover-trials 5] [--bare-paxos-dir DIR --bare-paxos-peer-base PORT]
 * </pre>
 */
public final class PaxosVersusEtcd {
    /** Bounds a write under load; a slower one counts as an error. */
    static final long LOAD_TIMEOUT_MILLIS = 10_000;

    private PaxosVersusEtcd() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> o = options(args);
        int valueBytes = Integer.parseInt(o.getOrDefault("--value-bytes", "256"));
        double warmup = Double.parseDouble(o.getOrDefault("--warmup-seconds", "3"));
        double measure = Double.parseDouble(o.getOrDefault("--measure-seconds", "10"));
        int trials = Integer.parseInt(o.getOrDefault("--failover-trials", "5"));
        List<Integer> clientCounts = Arrays.stream(o.getOrDefault("--clients", "1,16,64").split(","))
                .map(s -> Integer.parseInt(s.trim())).toList();
        MeridianCluster meridian = new MeridianCluster(Path.of(required(o, "--meridian-data")),
                required(o, "--meridian-restart"));
        EtcdCluster etcd = new EtcdCluster(List.of(required(o, "--etcd-endpoints").split(",")), required(o, "--etcd-pid"),
                required(o, "--etcd-restart"));
        String bareDir = o.get("--bare-paxos-dir");
        try (meridian; etcd) {
            Failover.awaitHealthy(meridian);
            meridian.createTable();
            String load;
            if (bareDir == null) {
                load = load(meridian, etcd, null, clientCounts, valueBytes, warmup, measure);
            } else {
                try (BarePaxosCluster bare = new BarePaxosCluster(Path.of(bareDir),
                        Integer.parseInt(required(o, "--bare-paxos-peer-base")))) {
                    load = load(meridian, etcd, bare, clientCounts, valueBytes, warmup, measure);
                }
            }
            // Printed before the failover trials, which may take minutes or fail.
            System.out.println();
            System.out.printf(Locale.ROOT, "Replicated durable writes, 3 members on loopback, %d-byte values, %.0f s measured"
                    + " per cell after %.0f s warm-up, %s%n", valueBytes, measure, warmup, Instant.now());
            System.out.print(load);
            System.out.flush();
            String failover = trials > 0 ? failover(meridian, etcd, trials, valueBytes) : "failover: not run (--failover-trials 0)\n";
            System.out.println();
            System.out.print(failover);
        }
    }

    /** {@code bare}: Meridian's Paxos group without SQL, or null to leave its rows out. */
    static String load(MeridianCluster meridian, EtcdCluster etcd, BarePaxosCluster bare, List<Integer> clientCounts,
            int valueBytes, double warmup, double measure) throws Exception {
        TextTable table = new TextTable("clients", "system", "writes/s", "p50 ms", "p99 ms", "mean ms", "errors");
        TextTable ratios = new TextTable("clients", "vs etcd", "throughput", "p50", "p99");
        List<ReplicatedCluster> systems = bare == null ? List.of(meridian, etcd) : List.of(meridian, etcd, bare);
        for (int clients : clientCounts) {
            Map<String, ClosedLoop.Outcome> outcomes = new HashMap<>();
            for (ReplicatedCluster cluster : systems) {
                List<Integer> via = List.of(Failover.awaitHealthy(cluster));
                System.err.printf(Locale.ROOT, "%s: %d clients through member %s ...%n", cluster.name(), clients, via);
                if (cluster instanceof BarePaxosCluster b) {
                    b.markSyncs();
                }
                ClosedLoop.Outcome out = ClosedLoop.run(i -> cluster.writer(i, valueBytes, via, LOAD_TIMEOUT_MILLIS), clients, warmup, measure);
                if (cluster instanceof BarePaxosCluster b) {
                    // Group commit at work: how many proposals share one synced write of each log.
                    System.err.println(b.syncReport());
                }
                outcomes.put(cluster.name(), out);
                table.row(clients, cluster.name(), TextTable.number(out.throughput()),
                        TextTable.number(out.latencies().percentileMicros(0.50) / 1000),
                        TextTable.number(out.latencies().percentileMicros(0.99) / 1000),
                        TextTable.number(out.latencies().meanMicros() / 1000), out.errors());
                if (out.firstError() != null) {
                    System.err.println(cluster.name() + " x" + clients + " first error: " + out.firstError());
                }
            }
            etcd.dropClients();
            ClosedLoop.Outcome e = outcomes.get("etcd");
            for (ReplicatedCluster cluster : systems) {
                ClosedLoop.Outcome m = outcomes.get(cluster.name());
                if (cluster != etcd) {
                    ratios.row(clients, cluster.name() + "/etcd", TextTable.ratio(m.throughput(), e.throughput()),
                            TextTable.ratio(m.latencies().percentileMicros(0.50), e.latencies().percentileMicros(0.50)),
                            TextTable.ratio(m.latencies().percentileMicros(0.99), e.latencies().percentileMicros(0.99)));
                }
            }
        }
        return "meridian: JDBC UPSERT into a BIGINT-keyed table, one connection per client, to the leader node;\n"
                + "etcd: jetcd put, clients share one jetcd client to the leader member;\n"
                + (bare == null ? "" : "paxos-netty: Meridian's Paxos group alone (3 replicas in the driver process, loopback"
                        + " Netty, no SQL), proposals to the leader;\n")
                + "all fsync the log before acknowledging a write.\n"
                + table + "\nRatios to etcd (throughput: goal >= 1x; latency: goal <= 1x at 16 and 64 clients)\n" + ratios;
    }

    static String failover(MeridianCluster meridian, EtcdCluster etcd, int trials, int valueBytes) throws Exception {
        TextTable table = new TextTable("system", "median ms", "min ms", "max ms", "new leader says so, median ms",
                "trials (killed member:ms)");
        StringBuilder timers = new StringBuilder();
        double[] medians = new double[2];
        int k = 0;
        for (ReplicatedCluster cluster : List.<ReplicatedCluster>of(meridian, etcd)) {
            List<String> each = new ArrayList<>();
            List<Double> done = new ArrayList<>();
            List<Double> electedMillis = new ArrayList<>();
            for (int t = 0; t < trials; t++) {
                Failover.Trial trial;
                try {
                    trial = Failover.trial(cluster, valueBytes);
                } catch (Exception e) {
                    // The cluster did not come back healthy after the previous trial: stop here.
                    System.err.println(cluster.name() + ": failover trials stopped: " + e.getMessage());
                    each.add("stopped (" + e.getClass().getSimpleName() + ": not healthy before trial " + (t + 1) + ")");
                    break;
                }
                System.err.printf(Locale.ROOT, "%s: failover trial %d: killed member %d; member %d said it leads after %.0f ms;"
                        + " first write acknowledged after %.0f ms (%d writes)%n", cluster.name(), t + 1, trial.killed(),
                        trial.newLeader(), trial.electedMillis(), trial.millis(), trial.writes());
                trial.errors().forEach((kind, count) -> System.err.printf(Locale.ROOT, "    %4d x %s%n", count, kind));
                if (cluster == etcd) {
                    etcd.dropClients();
                }
                done.add(trial.millis());
                electedMillis.add(trial.electedMillis());
                each.add(trial.killed() + ":" + millis(trial.millis()));
            }
            double[] sorted = done.stream().mapToDouble(Double::doubleValue).sorted().toArray();
            int n = sorted.length;
            double median = n == 0 ? Double.NaN : n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
            medians[k++] = median;
            double[] elected = electedMillis.stream().mapToDouble(d -> Double.isNaN(d) ? Double.POSITIVE_INFINITY : d)
                    .sorted().toArray();
            double electedMedian = n == 0 ? Double.NaN : n % 2 == 1 ? elected[n / 2] : (elected[n / 2 - 1] + elected[n / 2]) / 2;
            table.row(cluster.name(), millis(median), n == 0 ? "-" : millis(sorted[0]), n == 0 ? "-" : millis(sorted[n - 1]),
                    millis(electedMedian), String.join(" ", each));
            timers.append(cluster.name()).append(" timers: ").append(cluster.timers()).append('\n');
        }
        return "Failover: SIGKILL of the leader's process -> first write acknowledged by a new leader (survivors' status"
                + " polled every " + Failover.POLL_MILLIS + " ms; one write at a time to the member that says it leads, "
                + Failover.WRITE_TIMEOUT_MILLIS + " ms timeout)\n" + table + timers
                + "Meridian/etcd median failover: " + (Double.isInfinite(medians[0]) ? "-" : TextTable.ratio(medians[0], medians[1]))
                + "\n";
    }

    /** A failover time; a trial with no acknowledged write within the bound shows as ">bound". */
    static String millis(double value) {
        return Double.isInfinite(value) ? ">" + Failover.WRITE_SECONDS_MAX * 1000 : TextTable.number(value);
    }

    static Map<String, String> options(String[] args) {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--") || i + 1 == args.length) {
                throw new IllegalArgumentException("expected --name value pairs, got " + String.join(" ", args));
            }
            options.put(args[i], args[++i]);
        }
        return options;
    }

    static String required(Map<String, String> options, String name) {
        String value = options.get(name);
        if (value == null) {
            throw new IllegalArgumentException("missing " + name);
        }
        return value;
    }
}
