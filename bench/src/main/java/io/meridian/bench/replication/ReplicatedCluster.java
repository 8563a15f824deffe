package io.meridian.bench.replication;

import io.meridian.bench.report.ClosedLoop;
import java.util.List;

/**
 * A three-member replicated store the comparison drives: Meridian's cluster or etcd. Members
 * are numbered 1..n; the driver finds the leader, writes, kills and restarts members.
 */
interface ReplicatedCluster extends AutoCloseable {
    String name();

    List<Integer> members();

    /** The member that leads now, asking the members themselves; -1 if none answers as leader. */
    int leader() throws Exception;

    /** The operating-system process of a member (the one a SIGKILL crashes). */
    ProcessHandle process(int member) throws Exception;

    /** Starts a killed member again with its data (returns once the process is started). */
    void restart(int member) throws Exception;

    /** True when the member answers and has caught up with the leader (within a few entries). */
    boolean caughtUp(int member) throws Exception;

    /** What the member says about itself (its status document), for failure messages. */
    String state(int member);

    /**
     * A client writing values of {@code valueBytes} under its own keys, through {@code via}; a
     * write not acknowledged within {@code timeoutMillis} fails (and the client reconnects).
     */
    ClosedLoop.Operation writer(int client, int valueBytes, List<Integer> via, long timeoutMillis) throws Exception;

    /** Lease / election timing to print next to the failover figure. */
    String timers();

    @Override
    default void close() throws Exception {
    }
}
