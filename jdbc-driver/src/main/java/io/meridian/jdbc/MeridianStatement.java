package io.meridian.jdbc;

import io.meridian.rpc.api.LocalResult;
import io.meridian.rpc.client.ClientRequest;
import io.meridian.rpc.client.ClientResponse;
import io.meridian.rpc.client.Execute;
import io.meridian.rpc.client.Value;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/** A JDBC statement: sends SQL text (with parameters, for prepared statements) and keeps the result. */
public class MeridianStatement implements Statement {
    final MeridianConnection connection;
    private final List<String> batch = new ArrayList<>();
    private MeridianResultSet resultSet;
    private long updateCount = -1;
    private long maxRows;
    private int fetchSize;
    private int queryTimeoutSeconds;
    private boolean closed;
    private boolean closeOnCompletion;

    MeridianStatement(MeridianConnection connection) {
        this.connection = connection;
    }

    void checkOpen() throws SQLException {
        if (closed) {
            throw Errors.closed("statement");
        }
        if (connection.isClosed()) {
            throw Errors.closed("connection");
        }
    }

    /** Runs one statement; returns true when it produced a result set. */
    boolean run(String sql, List<Value> parameters) throws SQLException {
        checkOpen();
        closeResult();
        Session session = connection.session();
        if (session.inProcess()) {
            LocalResult local = session.execute(sql, parameters, fetchSize, maxRows, queryTimeoutSeconds * 1_000L);
            if (!local.isQuery()) {
                updateCount = local.updateCount();
                return false;
            }
            resultSet = new MeridianResultSet(this, local.columns(), local.rows(), local.cursorId(), local.hasMore(),
                    fetchSize);
            if (local.hasMore()) {
                resultSet.trackOpenCursor();
            }
            return true;
        }
        Execute.Builder execute = Execute.newBuilder().setSql(sql).setFetchSize(fetchSize)
                .setMaxRows(maxRows).setTimeoutMillis(queryTimeoutSeconds * 1_000L);
        // One add per value: protobuf's addAll costs more than the rest of building the request.
        for (Value parameter : parameters) {
            execute.addParameters(parameter);
        }
        ClientResponse response = session.call(ClientRequest.newBuilder().setExecute(execute),
                connection.holdsNoServerState());
        if (response.getKindCase() == ClientResponse.KindCase.RESULT) {
            resultSet = new MeridianResultSet(this, response.getResult(), fetchSize);
            if (response.getResult().getHasMore()) {
                resultSet.trackOpenCursor();
            }
            return true;
        }
        updateCount = response.getUpdateCount().getCount();
        return false;
    }

    private void closeResult() throws SQLException {
        if (resultSet != null) {
            MeridianResultSet previous = resultSet;
            resultSet = null;
            previous.closeFromStatement();
        }
        updateCount = -1;
    }

    void resultSetClosed() throws SQLException {
        if (closeOnCompletion) {
            close();
        }
    }

    @Override
    public ResultSet executeQuery(String sql) throws SQLException {
        if (!run(sql, List.of())) {
            throw Errors.of("02000", "statement did not return a result set: " + sql, null);
        }
        return resultSet;
    }

    @Override
    public int executeUpdate(String sql) throws SQLException {
        return (int) executeLargeUpdate(sql);
    }

    @Override
    public long executeLargeUpdate(String sql) throws SQLException {
        if (run(sql, List.of())) {
            closeResult();
            throw Errors.of("0100D", "statement returned a result set; use executeQuery: " + sql, null);
        }
        return updateCount;
    }

    @Override
    public boolean execute(String sql) throws SQLException {
        return run(sql, List.of());
    }

    @Override
    public ResultSet getResultSet() throws SQLException {
        checkOpen();
        return resultSet;
    }

    @Override
    public int getUpdateCount() throws SQLException {
        checkOpen();
        return (int) updateCount;
    }

    @Override
    public long getLargeUpdateCount() throws SQLException {
        checkOpen();
        return updateCount;
    }

    @Override
    public boolean getMoreResults() throws SQLException {
        closeResult();
        return false;
    }

    @Override
    public boolean getMoreResults(int current) throws SQLException {
        return getMoreResults();
    }

    @Override
    public void close() throws SQLException {
        if (closed) {
            return;
        }
        closeResult();
        closed = true;
    }

    @Override
    public boolean isClosed() {
        return closed;
    }

    @Override
    public int getMaxFieldSize() {
        return 0;
    }

    @Override
    public void setMaxFieldSize(int max) {
        // No truncation of values: 0 (unlimited) is the only size, which JDBC permits.
    }

    @Override
    public int getMaxRows() throws SQLException {
        return (int) getLargeMaxRows();
    }

    @Override
    public void setMaxRows(int max) throws SQLException {
        setLargeMaxRows(max);
    }

    @Override
    public long getLargeMaxRows() throws SQLException {
        checkOpen();
        return maxRows;
    }

    @Override
    public void setLargeMaxRows(long max) throws SQLException {
        checkOpen();
        if (max < 0) {
            throw Errors.of("22023", "max rows must not be negative", null);
        }
        maxRows = max;
    }

    @Override
    public void setEscapeProcessing(boolean enable) {
        // Escape syntax is passed through to the server unchanged.
    }

    @Override
    public int getQueryTimeout() throws SQLException {
        checkOpen();
        return queryTimeoutSeconds;
    }

    @Override
    public void setQueryTimeout(int seconds) throws SQLException {
        checkOpen();
        if (seconds < 0) {
            throw Errors.of("22023", "query timeout must not be negative", null);
        }
        queryTimeoutSeconds = seconds;
    }

    /**
     * Stops this connection's running statement (from another thread), which then fails with
     * SQLTimeoutException 57014. Sent over a second connection; a no-op when nothing runs.
     */
    @Override
    public void cancel() throws SQLException {
        if (closed) {
            throw Errors.closed("statement");
        }
        connection.session().cancel();
    }

    @Override
    public SQLWarning getWarnings() {
        return null;
    }

    @Override
    public void clearWarnings() {
    }

    @Override
    public void setCursorName(String name) throws SQLException {
        throw Errors.unsupported("named cursors");
    }

    @Override
    public void setFetchDirection(int direction) throws SQLException {
        if (direction != ResultSet.FETCH_FORWARD) {
            throw Errors.unsupported("fetch direction other than forward");
        }
    }

    @Override
    public int getFetchDirection() {
        return ResultSet.FETCH_FORWARD;
    }

    @Override
    public void setFetchSize(int rows) throws SQLException {
        checkOpen();
        if (rows < 0) {
            throw Errors.of("22023", "fetch size must not be negative", null);
        }
        fetchSize = rows;
    }

    @Override
    public int getFetchSize() {
        return fetchSize;
    }

    @Override
    public int getResultSetConcurrency() {
        return ResultSet.CONCUR_READ_ONLY;
    }

    @Override
    public int getResultSetType() {
        return ResultSet.TYPE_FORWARD_ONLY;
    }

    @Override
    public void addBatch(String sql) throws SQLException {
        checkOpen();
        batch.add(sql);
    }

    @Override
    public void clearBatch() throws SQLException {
        checkOpen();
        batch.clear();
    }

    @Override
    public int[] executeBatch() throws SQLException {
        long[] counts = executeLargeBatch();
        int[] out = new int[counts.length];
        for (int i = 0; i < counts.length; i++) {
            out[i] = (int) counts[i];
        }
        return out;
    }

    @Override
    public long[] executeLargeBatch() throws SQLException {
        checkOpen();
        long[] counts = new long[batch.size()];
        try {
            for (int i = 0; i < counts.length; i++) {
                counts[i] = executeLargeUpdate(batch.get(i));
            }
        } finally {
            batch.clear();
        }
        return counts;
    }

    @Override
    public Connection getConnection() {
        return connection;
    }

    @Override
    public ResultSet getGeneratedKeys() throws SQLException {
        throw Errors.unsupported("generated keys");
    }

    @Override
    public int executeUpdate(String sql, int autoGeneratedKeys) throws SQLException {
        if (autoGeneratedKeys != NO_GENERATED_KEYS) {
            throw Errors.unsupported("generated keys");
        }
        return executeUpdate(sql);
    }

    @Override
    public int executeUpdate(String sql, int[] columnIndexes) throws SQLException {
        throw Errors.unsupported("generated keys");
    }

    @Override
    public int executeUpdate(String sql, String[] columnNames) throws SQLException {
        throw Errors.unsupported("generated keys");
    }

    @Override
    public boolean execute(String sql, int autoGeneratedKeys) throws SQLException {
        if (autoGeneratedKeys != NO_GENERATED_KEYS) {
            throw Errors.unsupported("generated keys");
        }
        return execute(sql);
    }

    @Override
    public boolean execute(String sql, int[] columnIndexes) throws SQLException {
        throw Errors.unsupported("generated keys");
    }

    @Override
    public boolean execute(String sql, String[] columnNames) throws SQLException {
        throw Errors.unsupported("generated keys");
    }

    @Override
    public int getResultSetHoldability() {
        return ResultSet.CLOSE_CURSORS_AT_COMMIT;
    }

    @Override
    public void setPoolable(boolean poolable) {
    }

    @Override
    public boolean isPoolable() {
        return false;
    }

    @Override
    public void closeOnCompletion() throws SQLException {
        checkOpen();
        closeOnCompletion = true;
    }

    @Override
    public boolean isCloseOnCompletion() {
        return closeOnCompletion;
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
