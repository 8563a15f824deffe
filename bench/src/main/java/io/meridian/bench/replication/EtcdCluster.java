package io.meridian.bench.replication;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.KV;
import io.meridian.bench.report.ClosedLoop;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

/**
 * An etcd cluster started by bench/paxos-vs-etcd.sh: member i (1-based) serves clients at the
 * i-th endpoint and writes its PID to the pid template with {member} replaced. Writes are jetcd
 * puts; the clients of one run share one jetcd client (one gRPC channel, the way an
 * application uses jetcd), each waiting for its put before the next.
 */
final class EtcdCluster implements ReplicatedCluster {
    static final long CAUGHT_UP_ENTRIES = 10;

    private final List<String> endpoints;
    private final String pidTemplate;
    private final String restartCommand;
    private final List<Client> clients = new ArrayList<>();
    private final Map<List<Integer>, Client> shared = new HashMap<>();

    EtcdCluster(List<String> endpoints, String pidTemplate, String restartCommand) {
        this.endpoints = List.copyOf(endpoints);
        this.pidTemplate = pidTemplate;
        this.restartCommand = restartCommand;
    }

    @Override
    public String name() {
        return "etcd";
    }

    @Override
    public List<Integer> members() {
        return IntStream.rangeClosed(1, endpoints.size()).boxed().toList();
    }

    /** The JSON of /v3/maintenance/status (etcd's gRPC gateway): member_id, leader, raftIndex. */
    private Optional<String> status(int member) {
        return Http.post(endpoints.get(member - 1) + "/v3/maintenance/status", "{}");
    }

    @Override
    public int leader() {
        for (int member : members()) {
            Optional<String> s = status(member);
            if (s.isPresent()) {
                Optional<String> id = Http.field(s.get(), "member_id");
                Optional<String> leader = Http.field(s.get(), "leader");
                if (id.isPresent() && id.equals(leader)) {
                    return member;
                }
            }
        }
        return -1;
    }

    @Override
    public ProcessHandle process(int member) throws Exception {
        Path pidFile = Path.of(pidTemplate.replace("{member}", Integer.toString(member)));
        long pid = Long.parseLong(Files.readString(pidFile).trim());
        return ProcessHandle.of(pid).orElseThrow(() -> new IllegalStateException("etcd member " + member + " is not running"));
    }

    @Override
    public void restart(int member) throws Exception {
        Commands.run(restartCommand.replace("{member}", Integer.toString(member)));
    }

    @Override
    public String state(int member) {
        return status(member).orElse("no answer");
    }

    @Override
    public boolean caughtUp(int member) {
        int leader = leader();
        if (leader < 0) {
            return false;
        }
        Optional<Long> mine = status(member).flatMap(s -> Http.field(s, "raftIndex")).map(Long::parseLong);
        Optional<Long> leaders = status(leader).flatMap(s -> Http.field(s, "raftIndex")).map(Long::parseLong);
        return mine.isPresent() && leaders.isPresent() && mine.get() >= leaders.get() - CAUGHT_UP_ENTRIES;
    }

    private synchronized Client newClient(List<Integer> via) {
        String[] targets = via.stream().map(m -> endpoints.get(m - 1)).toArray(String[]::new);
        Client client = Client.builder().endpoints(targets).build();
        clients.add(client);
        return client;
    }

    /** One jetcd client per distinct set of members, shared by every writer through them until dropped. */
    private synchronized Client sharedClient(List<Integer> via) {
        return shared.computeIfAbsent(List.copyOf(via), this::newClient);
    }

    /** Forget the shared clients (after a failover trial: the next trial talks to other members). */
    synchronized void dropClients() {
        for (Client c : clients) {
            c.close();
        }
        clients.clear();
        shared.clear();
    }

    @Override
    public ClosedLoop.Operation writer(int client, int valueBytes, List<Integer> via, long timeoutMillis) {
        KV kv = sharedClient(via).getKVClient();
        SplittableRandom random = new SplittableRandom(client);
        String prefix = "bench/c" + client + "/k";
        return new ClosedLoop.Operation() {
            long n;

            @Override
            public void run() throws Exception {
                ByteSequence key = ByteSequence.from(prefix + n++ % Values.KEYS_PER_CLIENT, StandardCharsets.UTF_8);
                ByteSequence value = ByteSequence.from(Values.next(random, valueBytes), StandardCharsets.UTF_8);
                kv.put(key, value).get(timeoutMillis, TimeUnit.MILLISECONDS);
            }
        };
    }

    @Override
    public String timers() {
        return "etcd defaults: heartbeat 100 ms, election timeout 1000 ms";
    }

    @Override
    public void close() {
        dropClients();
    }
}
