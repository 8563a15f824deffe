package io.meridian.jdbc;

import io.meridian.rpc.api.ClientChannel;
import io.meridian.rpc.api.EmbeddedServerProvider;
import io.meridian.rpc.net.FrameLimits;
import io.meridian.rpc.net.NettyClientChannel;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.io.IOException;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.DriverPropertyInfo;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Properties;
import java.util.ServiceLoader;
import java.util.logging.Logger;

/**
 * The Meridian JDBC driver. URLs:
 * <ul>
 *   <li>{@code jdbc:meridian:embedded:} — a private in-process database, deleted on close;</li>
 *   <li>{@code jdbc:meridian:embedded:<dir>} — a persistent in-process database in dir;</li>
 *   <li>{@code jdbc:meridian://host:port[,host:port...]/db} — a cluster over the network.</li>
 * </ul>
 */
public final class MeridianDriver implements Driver {
    public static final String PREFIX = "jdbc:meridian:";
    static final String EMBEDDED_PREFIX = PREFIX + "embedded:";
    static final int MAJOR_VERSION = 0;
    static final int MINOR_VERSION = 1;
    static final int CONNECT_MILLIS_DEFAULT = 10_000;

    static {
        try {
            DriverManager.registerDriver(new MeridianDriver());
        } catch (SQLException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    @Override
    public Connection connect(String url, Properties info) throws SQLException {
        if (!acceptsURL(url)) {
            return null;
        }
        Properties properties = new Properties();
        if (info != null) {
            properties.putAll(info);
        }
        if (url.startsWith(EMBEDDED_PREFIX)) {
            String path = url.substring(EMBEDDED_PREFIX.length());
            int query = path.indexOf('?');
            if (query >= 0) {
                path = path.substring(0, query);
            }
            // In-process: no password to check, but the user named is who the session runs as (CURRENT_USER).
            return new MeridianConnection(openEmbedded(path, properties), null, url, properties.getProperty("user"), null);
        }
        if (url.startsWith(NetworkUrl.NETWORK_PREFIX)) {
            NetworkUrl parsed = NetworkUrl.parse(url, properties);
            int statementTimeoutMillis = parsed.intProperty("statementTimeout", 0);
            MeridianConnection connection = new MeridianConnection(openNetwork(parsed), () -> {
                try {
                    return openNetwork(parsed);
                } catch (SQLException e) {
                    throw new IOException(e.getMessage(), e);
                }
            }, url, parsed.properties().getProperty("user"), parsed.properties().getProperty("password"));
            // The channel already waits at most socketTimeout; the session reports it and keeps it on reconnect.
            connection.session().setResponseMillisMax(parsed.intProperty("socketTimeout", 0));
            if (statementTimeoutMillis > 0) {
                try {
                    connection.setStatementTimeoutMillis(statementTimeoutMillis);
                } catch (SQLException e) {
                    connection.close();
                    throw e;
                }
            }
            return connection;
        }
        throw Errors.of("08001", "unknown Meridian URL form: " + url + "; use " + EMBEDDED_PREFIX + "[path] or "
                + NetworkUrl.NETWORK_PREFIX + "host:port/db", null);
    }

    private static ClientChannel openNetwork(NetworkUrl url) throws SQLException {
        List<InetSocketAddress> resolved = new ArrayList<>();
        for (InetSocketAddress a : url.addresses()) {
            resolved.add(new InetSocketAddress(a.getHostString(), a.getPort()));
        }
        try {
            return NettyClientChannel.connect(resolved, url.intProperty("connectTimeout", CONNECT_MILLIS_DEFAULT),
                    url.intProperty("socketTimeout", 0), FrameLimits.FRAME_BYTES_MAX, url.tls());
        } catch (IOException e) {
            throw Errors.of("08001", e.getMessage(), e);
        }
    }

    private static ClientChannel openEmbedded(String path, Properties info) throws SQLException {
        for (EmbeddedServerProvider provider : ServiceLoader.load(EmbeddedServerProvider.class,
                MeridianDriver.class.getClassLoader())) {
            try {
                return provider.open(path, info);
            } catch (IOException e) {
                throw Errors.of("08001", e.getMessage(), e);
            }
        }
        throw Errors.of("08001", "embedded databases need meridian-server on the class path", null);
    }

    @Override
    public boolean acceptsURL(String url) {
        return url != null && url.startsWith(PREFIX);
    }

    @Override
    public DriverPropertyInfo[] getPropertyInfo(String url, Properties info) {
        return new DriverPropertyInfo[0];
    }

    @Override
    public int getMajorVersion() {
        return MAJOR_VERSION;
    }

    @Override
    public int getMinorVersion() {
        return MINOR_VERSION;
    }

    @Override
    public boolean jdbcCompliant() {
        return false;
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        throw Errors.unsupported("java.util.logging");
    }
}
