package io.meridian.rpc.api;

/** The client protocol's version, checked in the handshake. */
public final class ProtocolVersion {
    public static final int CURRENT = 1;

    private ProtocolVersion() {
    }
}
