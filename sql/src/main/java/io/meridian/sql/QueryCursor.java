package io.meridian.sql;

import io.meridian.sql.exec.ErrorMapper;
import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * An open query result, read lazily from its plan inside the statement's
 * transaction. Rows are produced only when asked for ({@link #next}), plus one row of look-ahead
 * so the caller knows whether more follow. Single-threaded: the session's thread drives it.
 *
 * <p>When the cursor ends (drained, closed, or failed) its session is told, which commits an
 * autocommit statement's transaction. When the session must run something else while the cursor
 * is open, the session {@link #buffer buffers} the remaining rows first, bounded by the engine's
 * resultRowsMax, so the cursor's reads finish inside its own transaction.
 */
public final class QueryCursor implements AutoCloseable {
    private final SqlSession session;
    private final List<ResultColumn> columns;
    private final ArrayDeque<Object[]> ahead = new ArrayDeque<>(4); // grows with a large result; most hold one row
    private RowSource source;
    private long rowsLeft;
    private boolean implicitTxn;
    private SqlStateException failure;
    private boolean finished;

    QueryCursor(SqlSession session, List<ResultColumn> columns, RowSource source, long rowsMax) {
        this.session = session;
        this.columns = List.copyOf(columns);
        this.source = source;
        this.rowsLeft = rowsMax > 0 ? rowsMax : Long.MAX_VALUE;
    }

    /** A result computed up front (SHOW): no transaction behind it. */
    static QueryCursor ofRows(SqlSession session, List<ResultColumn> columns, List<Object[]> rows) {
        QueryCursor cursor = new QueryCursor(session, columns, null, 0);
        cursor.ahead.addAll(rows);
        cursor.finished = true;
        return cursor;
    }

    public List<ResultColumn> columns() {
        return columns;
    }

    /** True when the statement's transaction is the autocommit one and ends with this cursor. */
    boolean implicitTxn() {
        return implicitTxn;
    }

    void adoptImplicitTxn() {
        implicitTxn = true;
    }

    /** No row is left to read from the plan (rows may still wait in memory). */
    boolean sourceDone() {
        return source == null;
    }

    /**
     * Up to {@code rowsMax} rows; fails with the error that ended the cursor, if any (once: later
     * calls see a closed cursor). Ends the cursor, and its autocommit transaction, after the last row.
     */
    public List<Object[]> next(int rowsMax) throws SqlStateException {
        if (failure != null) {
            SqlStateException e = failure;
            failure = null;
            throw e;
        }
        return session.fetch(this, rowsMax);
    }

    /** Called by the session with its guard armed. */
    List<Object[]> produce(int rowsMax) throws SqlStateException {
        fill(rowsMax + 1);
        List<Object[]> batch = new ArrayList<>(Math.min(rowsMax, ahead.size()));
        while (batch.size() < rowsMax && !ahead.isEmpty()) {
            batch.add(ahead.poll());
        }
        session.metrics().held(batch.size() + ahead.size());
        return batch;
    }

    /** Reads the plan until {@code rows} are in memory or it is done. */
    void fill(long rows) throws SqlStateException {
        long read = 0;
        try {
            while (source != null && ahead.size() < rows) {
                session.guard().check();
                if (rowsLeft == 0 || !source.next()) {
                    closeSource();
                    break;
                }
                rowsLeft--;
                Object[] row = new Object[columns.size()];
                for (int i = 0; i < row.length; i++) {
                    row[i] = source.get(i + 1);
                }
                ahead.add(row);
                read++;
            }
        } catch (SQLException | RuntimeException e) {
            closeSource();
            throw ErrorMapper.map(e);
        } finally {
            session.metrics().rowsRead(read); // once per call: a shared counter costs an atomic add
        }
    }

    /** Everything left into memory, so the session can run another statement. */
    void buffer(long rowsMax) throws SqlStateException {
        fill(rowsMax + 1);
        if (source != null || ahead.size() > rowsMax) {
            closeSource();
            ahead.clear();
            throw new SqlStateException(SqlStates.PROGRAM_LIMIT_EXCEEDED, "an open result set had more than " + rowsMax
                    + " rows left when the session ran another statement; read or close it first");
        }
        session.metrics().held(ahead.size());
    }

    /** Rows remain: in memory or still in the plan. */
    public boolean hasMore() {
        return !ahead.isEmpty() || source != null;
    }

    /** Remembers why the cursor ended, for the client's next fetch. */
    void fail(SqlStateException e) {
        closeSource();
        ahead.clear();
        failure = e;
    }

    boolean finished() {
        return finished;
    }

    void markFinished() {
        finished = true;
    }

    void closeSource() {
        if (source != null) {
            RowSource closing = source;
            source = null;
            try {
                closing.close();
            } catch (SQLException ignored) {
                // The rows are no longer wanted; a failure to release them has no one to tell.
            }
        }
    }

    @Override
    public void close() {
        ahead.clear();
        failure = null;
        session.closeCursor(this);
    }
}
