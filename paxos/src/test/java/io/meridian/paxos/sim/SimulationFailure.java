package io.meridian.paxos.sim;

/** A simulated run broke a property; the message starts with {@code seed=…} and ends with a trace. */
public final class SimulationFailure extends AssertionError {
    private static final long serialVersionUID = 1L;

    SimulationFailure(String message, Throwable cause) {
        super(message, cause);
    }
}
