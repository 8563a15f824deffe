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
import io.meridian.sql.SqlSession;
import io.meridian.sql.SqlStateException;
import io.meridian.sql.SqlStates;
import io.meridian.sql.StatementResult;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Serves one client's requests: handshake, statements, result batches, transaction control.
 * Whatever goes wrong becomes an Error response; nothing a client sends can throw out of here.
 */
public final class ClientSession implements ClientSessionHandler {
    static final int FETCH_ROWS_DEFAULT = 1_000;
    static final int FETCH_ROWS_MAX = 10_000;
    static final int OPEN_CURSORS_MAX = 64;
    static final String SERVER_VERSION = "Meridian 0.1.0";

    private final SqlSession sql;
    private final long sessionId;
    private final Authenticator authenticator;
    private final Map<Long, Cursor> cursors = new HashMap<>();
    private long nextCursorId = 1;
    private boolean handshakeDone;
    private boolean closed;

    /** Rows not yet sent to the client. */
    private static final class Cursor {
        final List<Object[]> rows;
        int position;

        Cursor(List<Object[]> rows, int position) {
            this.rows = rows;
            this.position = position;
        }
    }

    public ClientSession(SqlSession sql, long sessionId, Authenticator authenticator) {
        this.sql = sql;
        this.sessionId = sessionId;
        this.authenticator = authenticator;
    }

    @Override
    public synchronized ClientResponse handle(ClientRequest request) {
        ClientResponse.Builder response = ClientResponse.newBuilder().setRequestId(request.getRequestId());
        try {
            if (closed) {
                throw new SqlStateException("08003", "session is closed");
            }
            if (!handshakeDone && request.getKindCase() != ClientRequest.KindCase.HANDSHAKE) {
                throw new SqlStateException("08P01", "protocol violation: the first request must be a handshake");
            }
            switch (request.getKindCase()) {
                case HANDSHAKE -> response.setHandshakeOk(handshake(request.getHandshake()));
                case EXECUTE -> execute(request.getExecute(), response);
                case EXECUTE_BATCH -> executeBatch(request.getExecuteBatch(), response);
                case FETCH -> response.setResult(fetch(request.getFetch().getCursorId(), request.getFetch().getFetchSize()));
                case CLOSE_CURSOR -> {
                    cursors.remove(request.getCloseCursor().getCursorId());
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
        return HandshakeOk.newBuilder().setProtocolVersion(ProtocolVersion.CURRENT).setServerVersion(SERVER_VERSION)
                .setSessionId(sessionId).build();
    }

    private void execute(Execute execute, ClientResponse.Builder response) throws SqlStateException {
        List<Object> parameters = new ArrayList<>(execute.getParametersCount());
        for (Value v : execute.getParametersList()) {
            parameters.add(ValueCodec.toJava(v));
        }
        StatementResult result = sql.execute(execute.getSql(), parameters);
        if (!result.isQuery()) {
            response.setUpdateCount(UpdateCount.newBuilder().setCount(result.updateCount()));
            return;
        }
        List<Object[]> rows = result.rows();
        if (execute.getMaxRows() > 0 && rows.size() > execute.getMaxRows()) {
            rows = rows.subList(0, (int) execute.getMaxRows());
        }
        ResultBatch.Builder batch = ResultBatch.newBuilder();
        for (ResultColumn c : result.columns()) {
            batch.addColumns(Column.newBuilder().setLabel(c.label()).setSqlType(c.sqlType()).setTypeName(c.typeName())
                    .setNullable(c.nullable()).setPrecision(c.precision()).setScale(c.scale())
                    .setTableName(c.tableName() == null ? "" : c.tableName()));
        }
        int sent = appendRows(batch, rows, 0, execute.getFetchSize());
        if (sent < rows.size()) {
            if (cursors.size() >= OPEN_CURSORS_MAX) {
                throw new SqlStateException(SqlStates.PROGRAM_LIMIT_EXCEEDED, "more than " + OPEN_CURSORS_MAX
                        + " open result sets in one session; close some");
            }
            long id = nextCursorId++;
            cursors.put(id, new Cursor(rows, sent));
            batch.setCursorId(id).setHasMore(true);
        }
        response.setResult(batch);
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
        Cursor cursor = cursors.get(cursorId);
        if (cursor == null) {
            throw new SqlStateException("34000", "cursor " + cursorId + " does not exist");
        }
        ResultBatch.Builder batch = ResultBatch.newBuilder().setCursorId(cursorId);
        cursor.position += appendRows(batch, cursor.rows, cursor.position, fetchSize);
        if (cursor.position < cursor.rows.size()) {
            batch.setHasMore(true);
        } else {
            cursors.remove(cursorId);
        }
        return batch.build();
    }

    private static int appendRows(ResultBatch.Builder batch, List<Object[]> rows, int from, int fetchSize) {
        int size = fetchSize <= 0 ? FETCH_ROWS_DEFAULT : Math.min(fetchSize, FETCH_ROWS_MAX);
        int end = Math.min(rows.size(), from + size);
        for (int i = from; i < end; i++) {
            Row.Builder row = Row.newBuilder();
            for (Object value : rows.get(i)) {
                row.addValues(ValueCodec.toValue(value));
            }
            batch.addRows(row);
        }
        return end - from;
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
        cursors.clear();
        sql.close();
    }
}
