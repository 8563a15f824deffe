package io.meridian.server.session;

import io.meridian.rpc.api.ClientSessionHandler;
import io.meridian.rpc.api.LocalResult;
import io.meridian.rpc.api.ProtocolVersion;
import io.meridian.rpc.api.ValueCodec;
import io.meridian.rpc.client.ClientRequest;
import io.meridian.rpc.client.ClientResponse;
import io.meridian.rpc.client.Column;
import io.meridian.rpc.client.BatchCounts;
import io.meridian.rpc.client.Error;
import io.meridian.rpc.client.ExecuteBatch;
import io.meridian.rpc.client.Execute;
import io.meridian.rpc.client.Handshake;
import io.meridian.rpc.client.HandshakeOk;
import io.meridian.rpc.client.Ok;
import io.meridian.rpc.client.ResultBatch;
import io.meridian.rpc.client.Row;
import io.meridian.rpc.client.UpdateCount;
import io.meridian.rpc.client.Value;
import io.meridian.server.auth.Authenticator;
import io.meridian.sql.ResultColumn;
import io.meridian.sql.SqlEngine;
import io.meridian.sql.SqlSession;
import io.meridian.sql.SqlStateException;
import io.meridian.sql.SqlStates;
import io.meridian.sql.StatementResult;
import io.meridian.sql.ExecuteOptions;
import io.meridian.sql.QueryCursor;
import io.meridian.sql.StatementDescription;
import io.meridian.sql.StatementOutcome;
import io.meridian.rpc.client.PrepareOk;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Serves one client's requests: handshake, statements, result batches, transaction control.
 * Whatever goes wrong becomes an Error response; nothing a client sends can throw out of here.
 */
public final class ClientSession implements ClientSessionHandler, SessionRegistry.Reapable {
    static final int FETCH_ROWS_DEFAULT = 1_000;
    static final int FETCH_ROWS_MAX = 10_000;
    static final int OPEN_CURSORS_MAX = 64;
    static final String SERVER_VERSION = SqlEngine.PRODUCT_VERSION;

    private final SqlSession sql;
    private final long sessionId;
    private final Authenticator authenticator;
    private final Map<Long, QueryCursor> cursors = new HashMap<>();
    private final SessionRegistry registry;
    private final long cancelKey;
    private long nextCursorId = 1;
    private List<ResultColumn> lastColumns;
    /** A result batch holding only {@link #lastColumns}' messages: each batch of that query starts from it. */
    private ResultBatch lastColumnsBatch;
    private boolean handshakeDone;
    private volatile boolean closed;
    /** Snapshots taken as each request ends, read by the reaper without the session's lock. */
    private volatile boolean busy;
    private volatile boolean holdsAutocommitCursor;
    private volatile long idleSinceNanos;

    /** A session that cannot be cancelled from another connection (in-process use). */
    public ClientSession(SqlSession sql, long sessionId, Authenticator authenticator) {
        this(sql, sessionId, authenticator, null);
    }

    public ClientSession(SqlSession sql, long sessionId, Authenticator authenticator, SessionRegistry registry) {
        this.sql = sql;
        this.sessionId = sessionId;
        this.authenticator = authenticator;
        this.registry = registry;
        this.cancelKey = registry == null ? 0 : registry.register(sessionId, this::cancel, this);
    }

    @Override
    public boolean idleCursorExpired(long nowNanos) {
        return !busy && holdsAutocommitCursor && !closed
                && nowNanos - idleSinceNanos > registry.cursorIdleMillisMax() * 1_000_000;
    }

    @Override
    public synchronized void expireIdleCursors() {
        if (!closed && idleCursorExpired(System.nanoTime())) {
            sql.expireAutocommitCursors(new SqlStateException("25P03", "result set closed: left unread for more than "
                    + registry.cursorIdleMillisMax() + " ms while its autocommit transaction held locks; read results"
                    + " promptly, or use an explicit transaction"));
            holdsAutocommitCursor = false;
        }
    }

    /** Stops the running statement; any thread, no lock (the session's lock is held while it runs). */
    @Override
    public void cancel() {
        if (!closed) {
            sql.cancel();
        }
    }


    @Override
    public synchronized ClientResponse handle(ClientRequest request) {
        busy = true;
        try {
            return serve(request);
        } finally {
            // A pool's keep-alive pings do not count as reading the result.
            served(request.getKindCase() != ClientRequest.KindCase.PING);
        }
    }

    /** Snapshots for the reaper, taken as each request ends. */
    private void served(boolean readResults) {
        holdsAutocommitCursor = sql.holdsAutocommitCursor();
        if (readResults) {
            idleSinceNanos = System.nanoTime();
        }
        busy = false;
    }

    /**
     * Runs what an Execute request runs and answers what its response would carry, without
     * building either message: the embedded database's statements come this way.
     */
    public synchronized LocalResult execute(String statement, List<Value> parameters, int fetchSize, long maxRows,
            long timeoutMillis) {
        busy = true;
        try {
            if (closed) {
                throw new SqlStateException("08003", "session is closed");
            }
            if (!handshakeDone) {
                throw new SqlStateException("08P01", "protocol violation: the first request must be a handshake");
            }
            Executed run = run(statement, parameters, fetchSize, maxRows, timeoutMillis);
            if (run.cursor == null) {
                return LocalResult.updated(run.updateCount);
            }
            List<List<Value>> rows = new ArrayList<>(run.rows.size());
            for (Object[] values : run.rows) {
                rows.add(Arrays.asList(encode(values)));
            }
            return LocalResult.rows(columnsBatch(run.cursor.columns()).getColumnsList(), rows, run.cursorId, run.more);
        } catch (SqlStateException e) {
            return LocalResult.failed(Error.newBuilder().setSqlState(e.sqlState()).setMessage(e.getMessage()).build());
        } catch (RuntimeException e) {
            return LocalResult.failed(Error.newBuilder().setSqlState(SqlStates.INTERNAL_ERROR)
                    .setMessage("internal error: " + e).build());
        } finally {
            served(true);
        }
    }

    private ClientResponse serve(ClientRequest request) {
        ClientResponse.Builder response = ClientResponse.newBuilder().setRequestId(request.getRequestId());
        try {
            if (closed) {
                throw new SqlStateException("08003", "session is closed");
            }
            if (!handshakeDone && request.getKindCase() == ClientRequest.KindCase.CANCEL) {
                // PostgreSQL's answer: the canceller learns nothing about whether it matched.
                if (registry != null) {
                    registry.cancel(request.getCancel().getSessionId(), request.getCancel().getCancelKey());
                }
                response.setOk(Ok.getDefaultInstance());
                return response.build();
            }
            if (!handshakeDone && request.getKindCase() != ClientRequest.KindCase.HANDSHAKE) {
                throw new SqlStateException("08P01", "protocol violation: the first request must be a handshake");
            }
            switch (request.getKindCase()) {
                case HANDSHAKE -> response.setHandshakeOk(handshake(request.getHandshake()));
                case EXECUTE -> execute(request.getExecute(), response);
                case EXECUTE_BATCH -> executeBatch(request.getExecuteBatch(), response);
                case FETCH -> response.setResult(fetch(request.getFetch().getCursorId(), request.getFetch().getFetchSize()));
                case PREPARE -> response.setPrepared(prepare(request.getPrepare().getSql()));
                case PING -> response.setOk(Ok.getDefaultInstance());
                case CANCEL -> throw new SqlStateException("08P01",
                        "protocol violation: a cancel request must be the only request on its own connection");
                case CLOSE_CURSOR -> {
                    QueryCursor cursor = cursors.remove(request.getCloseCursor().getCursorId());
                    if (cursor != null) {
                        cursor.close();
                    }
                    response.setOk(Ok.getDefaultInstance());
                }
                case SET_AUTO_COMMIT -> {
                    sql.setAutoCommit(request.getSetAutoCommit().getAutoCommit());
                    response.setOk(Ok.getDefaultInstance());
                }
                case COMMIT -> {
                    sql.commit();
                    response.setOk(Ok.getDefaultInstance());
                }
                case ROLLBACK -> {
                    sql.rollback();
                    response.setOk(Ok.getDefaultInstance());
                }
                case GOODBYE -> {
                    close();
                    response.setOk(Ok.getDefaultInstance());
                }
                default -> throw new SqlStateException("08P01", "protocol violation: empty request");
            }
        } catch (SqlStateException e) {
            response.setError(Error.newBuilder().setSqlState(e.sqlState()).setMessage(e.getMessage()));
        } catch (RuntimeException e) {
            response.setError(Error.newBuilder().setSqlState(SqlStates.INTERNAL_ERROR).setMessage("internal error: " + e));
        }
        return response.build();
    }

    private HandshakeOk handshake(Handshake hello) throws SqlStateException {
        if (handshakeDone) {
            throw new SqlStateException("08P01", "protocol violation: second handshake on one connection");
        }
        if (hello.getProtocolVersion() != ProtocolVersion.CURRENT) {
            throw new SqlStateException("08004", "protocol version " + hello.getProtocolVersion()
                    + " not supported; server speaks " + ProtocolVersion.CURRENT);
        }
        if (!authenticator.authenticate(hello.getUser(), hello.getPassword())) {
            throw new SqlStateException("28P01", "password authentication failed for user \"" + hello.getUser() + "\"");
        }
        handshakeDone = true;
        sql.setUser(hello.getUser());
        return HandshakeOk.newBuilder().setProtocolVersion(ProtocolVersion.CURRENT).setServerVersion(SERVER_VERSION)
                .setSessionId(sessionId).setCancelKey(cancelKey).build();
    }

    private void execute(Execute execute, ClientResponse.Builder response) throws SqlStateException {
        Executed run = run(execute.getSql(), execute.getParametersList(), execute.getFetchSize(),
                execute.getMaxRows(), execute.getTimeoutMillis());
        if (run.cursor == null) {
            response.setUpdateCount(UpdateCount.newBuilder().setCount(run.updateCount));
            return;
        }
        ResultBatch.Builder batch = columnsBatch(run.cursor.columns()).toBuilder(); // shares the column list
        addRows(batch, run.rows);
        if (run.more) {
            batch.setCursorId(run.cursorId).setHasMore(true);
        }
        response.setResult(batch);
    }

    /** A statement's outcome: an update count, or a cursor with its first rows. */
    private record Executed(long updateCount, QueryCursor cursor, long cursorId, List<Object[]> rows, boolean more) {
    }

    private Executed run(String statement, List<Value> values, int fetchSize, long maxRows, long timeoutMillis)
            throws SqlStateException {
        List<Object> parameters = new ArrayList<>(values.size());
        for (Value v : values) {
            parameters.add(ValueCodec.toJava(v));
        }
        if (cursors.size() >= OPEN_CURSORS_MAX) {
            throw new SqlStateException(SqlStates.PROGRAM_LIMIT_EXCEEDED, "more than " + OPEN_CURSORS_MAX
                    + " open result sets in one session; close some");
        }
        int batchRows = batchRows(fetchSize);
        StatementOutcome outcome = sql.open(statement, parameters, new ExecuteOptions(batchRows, maxRows, timeoutMillis));
        if (!outcome.isQuery()) {
            return new Executed(outcome.updateCount(), null, 0, List.of(), false);
        }
        QueryCursor cursor = outcome.cursor();
        long id = nextCursorId++;
        List<Object[]> rows;
        try {
            rows = nextRows(id, cursor, batchRows);
        } catch (RuntimeException e) {
            cursor.close(); // not registered yet, so nothing else would close it
            throw e;
        }
        // Registered only when rows remain for a later fetch: most results fit in the first batch.
        boolean more = cursor.hasMore();
        if (more) {
            cursors.put(id, cursor);
        }
        return new Executed(-1, cursor, id, rows, more);
    }

    /**
     * A batch holding the result's column messages; a query run again (same plan, same column
     * list) starts from the last one instead of building and copying them for every execution.
     */
    private ResultBatch columnsBatch(List<ResultColumn> resultColumns) {
        if (resultColumns != lastColumns) {
            List<Column> built = new ArrayList<>(resultColumns.size());
            for (ResultColumn c : resultColumns) {
                built.add(column(c).build());
            }
            lastColumnsBatch = ResultBatch.newBuilder().addAllColumns(built).build();
            lastColumns = resultColumns;
        }
        return lastColumnsBatch;
    }

    private static Column.Builder column(ResultColumn c) {
        return Column.newBuilder().setLabel(c.label()).setSqlType(c.sqlType()).setTypeName(c.typeName())
                .setNullable(c.nullable()).setPrecision(c.precision()).setScale(c.scale())
                .setTableName(c.tableName() == null ? "" : c.tableName());
    }

    private PrepareOk prepare(String statement) throws SqlStateException {
        StatementDescription description = sql.describe(statement);
        PrepareOk.Builder ok = PrepareOk.newBuilder();
        description.parameters().forEach(p -> ok.addParameters(column(p)));
        description.columns().forEach(c -> ok.addColumns(column(c)));
        return ok.build();
    }

    private void executeBatch(ExecuteBatch batch, ClientResponse.Builder response) {
        BatchCounts.Builder counts = BatchCounts.newBuilder();
        for (Row row : batch.getParameterRowsList()) {
            List<Object> parameters = new ArrayList<>(row.getValuesCount());
            for (Value v : row.getValuesList()) {
                parameters.add(ValueCodec.toJava(v));
            }
            try {
                StatementResult result = sql.execute(batch.getSql(), parameters);
                if (result.isQuery()) {
                    throw new SqlStateException("0100D", "a batch statement returned a result set");
                }
                counts.addCounts(result.updateCount());
            } catch (SqlStateException e) {
                response.setError(Error.newBuilder().setSqlState(e.sqlState()).setMessage("batch row "
                        + counts.getCountsCount() + ": " + e.getMessage()).addAllBatchCounts(counts.getCountsList()));
                return;
            }
        }
        response.setBatchCounts(counts);
    }

    private ResultBatch fetch(long cursorId, int fetchSize) throws SqlStateException {
        QueryCursor cursor = cursors.get(cursorId);
        if (cursor == null) {
            throw new SqlStateException("34000", "cursor " + cursorId + " does not exist (closed, or read to its end)");
        }
        ResultBatch.Builder batch = ResultBatch.newBuilder();
        addRows(batch, nextRows(cursorId, cursor, batchRows(fetchSize)));
        if (cursor.hasMore()) {
            batch.setCursorId(cursorId).setHasMore(true);
        }
        return batch.build();
    }

    /** The cursor's next rows; once it has no more (ended or failed) it is closed and forgotten. */
    private List<Object[]> nextRows(long cursorId, QueryCursor cursor, int rows) throws SqlStateException {
        List<Object[]> next;
        try {
            next = cursor.next(rows);
        } catch (SqlStateException e) {
            cursors.remove(cursorId);
            cursor.close();
            throw e;
        }
        if (!cursor.hasMore()) {
            cursors.remove(cursorId);
            cursor.close();
        }
        return next;
    }

    private static void addRows(ResultBatch.Builder batch, List<Object[]> rows) {
        for (Object[] values : rows) {
            // All at once: one list of the right size, where single adds grow it one by one.
            batch.addRows(Row.newBuilder().addAllValues(Arrays.asList(encode(values))));
        }
    }

    private static Value[] encode(Object[] values) {
        Value[] encoded = new Value[values.length];
        for (int i = 0; i < encoded.length; i++) {
            encoded[i] = ValueCodec.toValue(values[i]);
        }
        return encoded;
    }

    private static int batchRows(int fetchSize) {
        return fetchSize <= 0 ? FETCH_ROWS_DEFAULT : Math.min(fetchSize, FETCH_ROWS_MAX);
    }

    /** No open transaction and no open cursor: the session holds no state worth keeping. */
    public synchronized boolean isIdle() {
        return !sql.inTransaction() && cursors.isEmpty();
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (registry != null) {
            registry.unregister(sessionId);
        }
        cursors.clear();
        sql.close();
    }
}
