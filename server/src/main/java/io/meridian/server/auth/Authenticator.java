package io.meridian.server.auth;

/** Decides whether a handshake's credentials open a session. */
public interface Authenticator {
    /** In-process (embedded) sessions: the process already owns the data. */
    Authenticator TRUST_IN_PROCESS = (user, password) -> true;

    boolean authenticate(String user, String password);
}
