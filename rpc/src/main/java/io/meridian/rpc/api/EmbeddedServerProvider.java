package io.meridian.rpc.api;

import java.io.IOException;
import java.util.Properties;

/**
 * Found through {@link java.util.ServiceLoader}: the node server implements it so the JDBC driver
 * can open an in-process database without a compile-time dependency on the server.
 */
public interface EmbeddedServerProvider {
    /**
     * Opens a session on the embedded database at {@code path}; an empty path means a private,
     * temporary database that disappears when the session closes.
     */
    ClientChannel open(String path, Properties info) throws IOException;
}
