package io.meridian.rpc.api;

/** Opens a server-side session for each new client connection. */
public interface ClientSessionFactory {
    ClientSessionHandler open();
}
