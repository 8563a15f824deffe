package io.meridian.server.session;

import io.meridian.rpc.api.ClientSessionHandler;
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
    private List<Column> lastColumnMessages;
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
            holdsAutocommitCursor = sql.holdsAutocommitCursor();
            if (request.getKindCase() != ClientRequest.KindCase.PING) {
                // A pool's keep-alive pings do not count as reading the result.
                idleSinceNanos = System.nanoTime();
            }
            busy = false;
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
        List<Object> parameters = new ArrayList<>(execute.getParametersCount());
        for (Value v : execute.getParametersList()) {
            parameters.add(ValueCodec.toJava(v));
        }
        if (cursors.size() >= OPEN_CURSORS_MAX) {
            throw new SqlStateException(SqlStates.PROGRAM_LIMIT_EXCEEDED, "more than " + OPEN_CURSORS_MAX
                    + " open result sets in one session; close some");
        }
        int batchRows = batchRows(execute.getFetchSize());
        StatementOutcome outcome = sql.open(execute.getSql(), parameters,
                new ExecuteOptions(batchRows, execute.getMaxRows(), execute.getTimeoutMillis()));
        if (!outcome.isQuery()) {
            response.setUpdateCount(UpdateCount.newBuilder().setCount(outcome.updateCount()));
            return;
        }
        QueryCursor cursor = outcome.cursor();
        ResultBatch.Builder batch = ResultBatch.newBuilder();
        for (Column column : columns(cursor.columns())) {
            batch.addColumns(column); // one add per column: protobuf's addAll is the slower way
        }
        long id = nextCursorId++;
        // Registered only when rows remain for a later fetch: most results fit in the first batch.
        boolean more;
        try {
            more = appendBatch(batch, id, cursor, batchRows);
        } catch (RuntimeException e) {
            cursor.close(); // not registered yet, so nothing else would close it
            throw e;
        }
        if (more) {
            cursors.put(id, cursor);
        }
        response.setResult(batch);
    }

    /**
     * The result's column messages; a query run again (same plan, same column list) reuses the
     * last ones instead of building them anew for every execution.
     */
    private List<Column> columns(List<ResultColumn> resultColumns) {
        if (resultColumns != lastColumns) {
            List<Column> built = new ArrayList<>(resultColumns.size());
            for (ResultColumn c : resultColumns) {
                built.add(column(c).build());
            }
            lastColumnMessages = List.copyOf(built);
            lastColumns = resultColumns;
        }
        return lastColumnMessages;
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
        appendBatch(batch, cursorId, cursor, batchRows(fetchSize));
        return batch.build();
    }

    /** The cursor's next rows; true when it has more, else (failed or ended) it is closed and forgotten. */
    private boolean appendBatch(ResultBatch.Builder batch, long cursorId, QueryCursor cursor, int rows)
            throws SqlStateException {
        List<Object[]> next;
        try {
            next = cursor.next(rows);
        } catch (SqlStateException e) {
            cursors.remove(cursorId);
            cursor.close();
            throw e;
        }
        for (Object[] values : next) {
            Row.Builder row = Row.newBuilder();
            for (Object value : values) {
                row.addValues(ValueCodec.toValue(value));
            }
            batch.addRows(row);
        }
        if (cursor.hasMore()) {
            batch.setCursorId(cursorId).setHasMore(true);
            return true;
        }
        cursors.remove(cursorId);
        cursor.close();
        return false;
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
