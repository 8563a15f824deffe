package io.meridian.server.embedded;

import io.meridian.rpc.api.ClientChannel;
import io.meridian.rpc.api.EmbeddedServerProvider;
import io.meridian.rpc.api.LocalResult;
import io.meridian.rpc.client.ClientRequest;
import io.meridian.rpc.client.ClientResponse;
import io.meridian.rpc.client.Value;
import io.meridian.server.auth.Authenticator;
import io.meridian.server.session.ClientSession;
import io.meridian.sql.SqlStateException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The JDBC driver's way into an in-process database: each connection gets a session on the
 * shared embedded cluster for its directory, spoken to with the same protocol messages a network
 * client sends, except that statements skip the messages around their parameters and rows.
 */
public final class EmbeddedProvider implements EmbeddedServerProvider {
    private static final AtomicLong SESSION_IDS = new AtomicLong();

    @Override
    public ClientChannel open(String path, Properties info) throws IOException {
        EmbeddedRegistry.Lease lease;
        try {
            lease = path.isEmpty() ? EmbeddedRegistry.acquireTemporary() : EmbeddedRegistry.acquire(Path.of(path));
        } catch (SqlStateException e) {
            throw new IOException("cannot open embedded database: [" + e.sqlState() + "] " + e.getMessage(), e);
        } catch (RuntimeException e) {
            throw new IOException("cannot open embedded database at " + path + ": " + e.getMessage(), e);
        }
        ClientSession session = new ClientSession(lease.cluster().engine().openSession(), SESSION_IDS.incrementAndGet(),
                Authenticator.TRUST_IN_PROCESS);
        return new ClientChannel() {
            private boolean closed;

            @Override
            public synchronized ClientResponse call(ClientRequest request) throws IOException {
                if (closed) {
                    throw new IOException("connection is closed");
                }
                return session.handle(request);
            }

            @Override
            public boolean inProcess() {
                return true;
            }

            @Override
            public synchronized LocalResult execute(String sql, List<Value> parameters, int fetchSize, long maxRows,
                    long timeoutMillis) throws IOException {
                if (closed) {
                    throw new IOException("connection is closed");
                }
                return session.execute(sql, parameters, fetchSize, maxRows, timeoutMillis);
            }

            @Override
            public void cancel(long sessionId, long cancelKey) {
                session.cancel();
            }

            @Override
            public void abort() {
                // The statement in flight holds this channel's lock; stop it so close can proceed.
                session.cancel();
                close();
            }

            @Override
            public synchronized void close() {
                if (!closed) {
                    closed = true;
                    session.close();
                    lease.close();
                }
            }
        };
    }
}
