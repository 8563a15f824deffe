package io.meridian.jdbc;

import io.meridian.rpc.api.ClientChannel;
import io.meridian.rpc.client.ClientRequest;
import io.meridian.rpc.client.Commit;
import io.meridian.rpc.client.Rollback;
import io.meridian.rpc.client.SetAutoCommit;
import java.sql.Array;
import java.sql.Blob;
import java.sql.ClientInfoStatus;
import java.sql.CallableStatement;
import java.sql.Clob;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.NClob;
import java.sql.PreparedStatement;
import java.sql.SQLClientInfoException;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.SQLXML;
import java.sql.Savepoint;
import java.sql.Statement;
import java.sql.Struct;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Executor;

/** A JDBC connection: one server session. Isolation is always serializable (strictly, in fact). */
public final class MeridianConnection implements Connection {
    private final Session session;
    private final String url;
    private boolean autoCommit = true;
    private boolean readOnly;
    private int openResultSets;
    private final Properties clientInfo = new Properties();
    /** The client info names this driver keeps (JDBC 4 names); others are refused. */
    static final List<String> CLIENT_INFO_NAMES = List.of("ApplicationName", "ClientUser", "ClientHostname");

    MeridianConnection(ClientChannel channel, Session.Reconnector reconnector, String url, String user, String password)
            throws SQLException {
        this.url = url;
        try {
            this.session = new Session(channel, reconnector, user, password);
        } catch (SQLException e) {
            try {
                channel.close();
            } catch (java.io.IOException ignored) {
                // The handshake already failed; that is the error worth reporting.
            }
            throw e;
        }
    }

    Session session() {
        return session;
    }

    /** True when a broken connection may be replaced: autocommit and no result still streaming. */
    boolean holdsNoServerState() {
        return autoCommit && openResultSets == 0;
    }

    void resultSetOpened() {
        openResultSets++;
    }

    void resultSetClosed() {
        openResultSets--;
    }

    String url() {
        return url;
    }

    private void checkOpen() throws SQLException {
        if (session.isClosed()) {
            throw Errors.closed("connection");
        }
    }

    @Override
    public Statement createStatement() throws SQLException {
        checkOpen();
        return new MeridianStatement(this);
    }

    @Override
    public PreparedStatement prepareStatement(String sql) throws SQLException {
        checkOpen();
        return new MeridianPreparedStatement(this, sql);
    }

    @Override
    public CallableStatement prepareCall(String sql) throws SQLException {
        throw Errors.unsupported("stored procedures");
    }

    @Override
    public String nativeSQL(String sql) {
        return sql;
    }

    @Override
    public void setAutoCommit(boolean autoCommit) throws SQLException {
        checkOpen();
        session.call(ClientRequest.newBuilder().setSetAutoCommit(SetAutoCommit.newBuilder().setAutoCommit(autoCommit)));
        this.autoCommit = autoCommit;
    }

    @Override
    public boolean getAutoCommit() throws SQLException {
        checkOpen();
        return autoCommit;
    }

    @Override
    public void commit() throws SQLException {
        checkOpen();
        if (autoCommit) {
            throw Errors.of("25000", "commit() called in auto-commit mode", null);
        }
        session.call(ClientRequest.newBuilder().setCommit(Commit.getDefaultInstance()));
    }

    @Override
    public void rollback() throws SQLException {
        checkOpen();
        if (autoCommit) {
            throw Errors.of("25000", "rollback() called in auto-commit mode", null);
        }
        session.call(ClientRequest.newBuilder().setRollback(Rollback.getDefaultInstance()));
    }

    @Override
    public void close() throws SQLException {
        session.close();
    }

    @Override
    public boolean isClosed() {
        return session.isClosed();
    }

    @Override
    public DatabaseMetaData getMetaData() throws SQLException {
        throw Errors.unsupported("DatabaseMetaData");
    }

    /** Read-only sessions refuse INSERT, UPDATE, DELETE and DDL with 25006, as PostgreSQL does. */
    @Override
    public void setReadOnly(boolean readOnly) throws SQLException {
        checkOpen();
        if (readOnly != this.readOnly) {
            session.set("transaction_read_only", "SET SESSION CHARACTERISTICS AS TRANSACTION READ "
                    + (readOnly ? "ONLY" : "WRITE"));
            this.readOnly = readOnly;
        }
    }

    /** {@code SET statement_timeout}, kept across reconnects; 0 means none. */
    void setStatementTimeoutMillis(long millis) throws SQLException {
        session.set("statement_timeout", "SET statement_timeout = " + millis);
    }

    @Override
    public boolean isReadOnly() throws SQLException {
        checkOpen();
        return readOnly;
    }

    @Override
    public void setCatalog(String catalog) {
        // One catalog per database; JDBC says drivers without catalogs silently ignore this.
    }

    @Override
    public String getCatalog() {
        return null;
    }

    @Override
    public void setTransactionIsolation(int level) throws SQLException {
        checkOpen();
        if (level != TRANSACTION_SERIALIZABLE) {
            // Stronger isolation is a valid answer to a request for weaker isolation.
            return;
        }
    }

    @Override
    public int getTransactionIsolation() throws SQLException {
        checkOpen();
        return TRANSACTION_SERIALIZABLE;
    }

    @Override
    public SQLWarning getWarnings() throws SQLException {
        checkOpen();
        return null;
    }

    @Override
    public void clearWarnings() {
    }

    @Override
    public Statement createStatement(int resultSetType, int resultSetConcurrency) throws SQLException {
        checkResultSetKind(resultSetType, resultSetConcurrency);
        return createStatement();
    }

    @Override
    public PreparedStatement prepareStatement(String sql, int resultSetType, int resultSetConcurrency) throws SQLException {
        checkResultSetKind(resultSetType, resultSetConcurrency);
        return prepareStatement(sql);
    }

    private static void checkResultSetKind(int type, int concurrency) throws SQLException {
        if (type != java.sql.ResultSet.TYPE_FORWARD_ONLY || concurrency != java.sql.ResultSet.CONCUR_READ_ONLY) {
            throw Errors.unsupported("scrollable or updatable result sets");
        }
    }

    @Override
    public CallableStatement prepareCall(String sql, int resultSetType, int resultSetConcurrency) throws SQLException {
        throw Errors.unsupported("stored procedures");
    }

    @Override
    public Map<String, Class<?>> getTypeMap() throws SQLException {
        throw Errors.unsupported("type maps");
    }

    @Override
    public void setTypeMap(Map<String, Class<?>> map) throws SQLException {
        throw Errors.unsupported("type maps");
    }

    @Override
    public void setHoldability(int holdability) throws SQLException {
        if (holdability != java.sql.ResultSet.CLOSE_CURSORS_AT_COMMIT) {
            throw Errors.unsupported("holdable cursors");
        }
    }

    @Override
    public int getHoldability() {
        return java.sql.ResultSet.CLOSE_CURSORS_AT_COMMIT;
    }

    @Override
    public Savepoint setSavepoint() throws SQLException {
        throw Errors.unsupported("savepoints");
    }

    @Override
    public Savepoint setSavepoint(String name) throws SQLException {
        throw Errors.unsupported("savepoints");
    }

    @Override
    public void rollback(Savepoint savepoint) throws SQLException {
        throw Errors.unsupported("savepoints");
    }

    @Override
    public void releaseSavepoint(Savepoint savepoint) throws SQLException {
        throw Errors.unsupported("savepoints");
    }

    @Override
    public Statement createStatement(int resultSetType, int resultSetConcurrency, int resultSetHoldability)
            throws SQLException {
        setHoldability(resultSetHoldability);
        return createStatement(resultSetType, resultSetConcurrency);
    }

    @Override
    public PreparedStatement prepareStatement(String sql, int resultSetType, int resultSetConcurrency,
            int resultSetHoldability) throws SQLException {
        setHoldability(resultSetHoldability);
        return prepareStatement(sql, resultSetType, resultSetConcurrency);
    }

    @Override
    public CallableStatement prepareCall(String sql, int resultSetType, int resultSetConcurrency, int resultSetHoldability)
            throws SQLException {
        throw Errors.unsupported("stored procedures");
    }

    @Override
    public PreparedStatement prepareStatement(String sql, int autoGeneratedKeys) throws SQLException {
        if (autoGeneratedKeys != Statement.NO_GENERATED_KEYS) {
            throw Errors.unsupported("generated keys");
        }
        return prepareStatement(sql);
    }

    @Override
    public PreparedStatement prepareStatement(String sql, int[] columnIndexes) throws SQLException {
        throw Errors.unsupported("generated keys");
    }

    @Override
    public PreparedStatement prepareStatement(String sql, String[] columnNames) throws SQLException {
        throw Errors.unsupported("generated keys");
    }

    @Override
    public Clob createClob() throws SQLException {
        throw Errors.unsupported("CLOB");
    }

    @Override
    public Blob createBlob() throws SQLException {
        throw Errors.unsupported("BLOB");
    }

    @Override
    public NClob createNClob() throws SQLException {
        throw Errors.unsupported("NCLOB");
    }

    @Override
    public SQLXML createSQLXML() throws SQLException {
        throw Errors.unsupported("SQLXML");
    }

    /** A Ping round trip within {@code timeout} seconds (0: the network timeout, if any). */
    @Override
    public boolean isValid(int timeout) throws SQLException {
        if (timeout < 0) {
            throw Errors.of("22023", "timeout must not be negative", null);
        }
        return !session.isClosed() && session.ping(timeout * 1_000L);
    }

    /** Kept in the driver (the server does not record it); names outside CLIENT_INFO_NAMES are refused. */
    @Override
    public void setClientInfo(String name, String value) throws SQLClientInfoException {
        if (session.isClosed()) {
            throw new SQLClientInfoException("connection is closed", "08003", 0, Map.of());
        }
        if (!CLIENT_INFO_NAMES.contains(name)) {
            throw new SQLClientInfoException("unknown client info property \"" + name + "\"; known: " + CLIENT_INFO_NAMES,
                    "HY024", 0, Map.of(String.valueOf(name), ClientInfoStatus.REASON_UNKNOWN_PROPERTY));
        }
        if (value == null) {
            clientInfo.remove(name);
        } else {
            clientInfo.setProperty(name, value);
        }
    }

    @Override
    public void setClientInfo(Properties properties) throws SQLClientInfoException {
        Map<String, ClientInfoStatus> unknown = new HashMap<>();
        for (String name : properties.stringPropertyNames()) {
            if (!CLIENT_INFO_NAMES.contains(name)) {
                unknown.put(name, ClientInfoStatus.REASON_UNKNOWN_PROPERTY);
            }
        }
        if (!unknown.isEmpty()) {
            throw new SQLClientInfoException("unknown client info properties " + unknown.keySet(), "HY024", 0, unknown);
        }
        // JDBC: the properties given replace the whole set.
        clientInfo.clear();
        for (String name : properties.stringPropertyNames()) {
            clientInfo.setProperty(name, properties.getProperty(name));
        }
    }

    @Override
    public String getClientInfo(String name) throws SQLException {
        checkOpen();
        return clientInfo.getProperty(name);
    }

    @Override
    public Properties getClientInfo() throws SQLException {
        checkOpen();
        Properties copy = new Properties();
        copy.putAll(clientInfo);
        return copy;
    }

    @Override
    public Array createArrayOf(String typeName, Object[] elements) throws SQLException {
        throw Errors.unsupported("arrays");
    }

    @Override
    public Struct createStruct(String typeName, Object[] attributes) throws SQLException {
        throw Errors.unsupported("structs");
    }

    @Override
    public void setSchema(String schema) {
        // One schema per database.
    }

    @Override
    public String getSchema() {
        return "MERIDIAN";
    }

    /** Closes at once, from any thread; a statement in flight fails with 08006 (its effect unknown). */
    @Override
    public void abort(Executor executor) throws SQLException {
        if (executor == null) {
            throw Errors.of("22023", "abort needs an executor", null);
        }
        session.abort();
    }

    /**
     * Every later wait for the server is bounded by {@code milliseconds} (0: none); when it runs
     * out the connection is closed and the call fails with 08006. Embedded connections keep
     * the value but never wait on a network.
     */
    @Override
    public void setNetworkTimeout(Executor executor, int milliseconds) throws SQLException {
        checkOpen();
        if (milliseconds < 0) {
            throw Errors.of("22023", "network timeout must not be negative", null);
        }
        session.setResponseMillisMax(milliseconds);
    }

    @Override
    public int getNetworkTimeout() throws SQLException {
        checkOpen();
        return (int) session.responseMillisMax();
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        return Wrappers.unwrap(this, iface);
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) {
        return iface.isInstance(this);
    }
}
