package io.meridian.paxos.sim;

/**
 * Thrown from inside a replica's drain (disk, network or state machine) to crash it at that exact
 * point: whatever the drain did not yet persist is lost, exactly as if the process died there.
 */
final class SimCrash extends RuntimeException {
    private static final long serialVersionUID = 1L;

    SimCrash(String where) {
        super("simulated crash at " + where, null, false, false);
    }
}
