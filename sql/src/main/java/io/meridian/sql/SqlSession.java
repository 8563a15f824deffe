package io.meridian.sql;

import io.meridian.sql.calcite.MeridianSchema;
import io.meridian.sql.calcite.MeridianTable;
import io.meridian.sql.calcite.SqlStateRuntimeException;
import io.meridian.sql.calcite.TableAccess;
import io.meridian.sql.calcite.ColumnTypes;
import io.meridian.sql.catalog.Catalog;
import io.meridian.sql.catalog.CatalogSnapshot;
import io.meridian.sql.catalog.CatalogView;
import io.meridian.sql.catalog.ColumnDef;
import io.meridian.sql.catalog.TableDef;
import io.meridian.sql.catalog.ViewDef;
import io.meridian.sql.infoschema.InformationSchema;
import io.meridian.sql.infoschema.ViewColumns;
import io.meridian.sql.ddl.DdlParser;
import io.meridian.sql.dialect.MeridianPrepare;
import io.meridian.sql.dialect.MeridianTypeSystem;
import io.meridian.sql.ddl.DdlStatement;
import io.meridian.sql.exec.DdlExecutor;
import io.meridian.sql.exec.DmlRewriter;
import io.meridian.sql.exec.ErrorMapper;
import io.meridian.txn.Transaction;
import io.meridian.txn.TxnAbortedException;
import io.meridian.txn.TxnUnavailableException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Calendar;
import java.util.TimeZone;
import org.apache.calcite.schema.SchemaPlus;
import org.apache.calcite.avatica.util.ByteString;
import org.apache.calcite.jdbc.CalciteConnection;
import org.apache.calcite.sql.SqlDelete;
import org.apache.calcite.sql.SqlInsert;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlUpdate;
import org.apache.calcite.sql.parser.SqlParser;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * One client's session: autocommit or an explicit transaction, and a private Calcite connection
 * whose schema reads and writes through that transaction. Single-threaded: the server calls it
 * one request at a time. Any failure leaves the session usable.
 *
 * <p>In an explicit transaction a failed statement poisons the transaction, as in PostgreSQL:
 * later statements fail with 25P02 until ROLLBACK (COMMIT then rolls back and says so). A
 * statement rejected before it ran (SQLState class 42: syntax, unknown table or column, wrong object
 * type) changed nothing, so it leaves the transaction usable, as in Oracle, SQL Server and MySQL;
 * tools probe for tables that way (Liquibase's SELECT COUNT(*) FROM DATABASECHANGELOGLOCK).
 */
public final class SqlSession implements TableAccess, AutoCloseable {
    /** Attempts of an autocommit statement whose transaction definitely did not commit. */
    static final int IMPLICIT_ATTEMPTS_MAX = 3;
    /** How the session reads statements: as Calcite will when it plans them (see MeridianPrepare). */
    static final SqlParser.Config PARSER_CONFIG = MeridianPrepare.PARSER_CONFIG;
    private static final java.util.Set<SqlKind> QUERY_KINDS = java.util.EnumSet.of(SqlKind.SELECT, SqlKind.ORDER_BY,
            SqlKind.UNION, SqlKind.INTERSECT, SqlKind.EXCEPT, SqlKind.VALUES, SqlKind.WITH, SqlKind.EXPLAIN);
    /** Rows per step when {@link #execute} reads a whole result into memory. */
    static final int DRAIN_BATCH_ROWS = 1_000;
    private static final TimeZone UTC = TimeZone.getTimeZone("UTC");
    /** CURRENT_USER of a session that named no user (Calcite's and H2's default). */
    public static final String DEFAULT_USER = "sa";

    private final SqlEngine engine;
    private final Map<String, PreparedStatement> plans;
    /**
     * Shared plans this session already ran, by text, for {@link #plansCatalogVersion}: a repeated
     * query finds its plan here without taking the engine-wide cache's lock.
     */
    private final Map<String, PreparedQuery> directPlans = new java.util.HashMap<>();
    /** Query texts already parsed once: a repeated query goes straight to its cached plan, unparsed. */
    private final Map<String, SqlKind> queryKinds;
    private long plansCatalogVersion = -1;
    private CalciteConnection calcite;
    private SchemaPlus rootSchema;
    /** Converts parameters and results as Calcite's statements do: in the connection's time zone, UTC. */
    private final Calendar calendar = Calendar.getInstance(UTC, Locale.ROOT);
    private Transaction txn;
    /** The catalog snapshot the open transaction pinned: all its statements plan against it. */
    private Catalog.Lease lease;
    private final CatalogView schema = new PinnedCatalog();
    /** Set only while a DDL statement checks views against a table's changed definition. */
    private TableDef replacedTable;
    private boolean autoCommit = true;
    private SqlStateException txnFailure;
    private boolean upsert;
    private final Map<String, List<ColumnDef>> viewColumnsCache = new java.util.HashMap<>();
    private long viewColumnsCatalogVersion = -1;
    /** The open transaction has run INSERT, UPDATE or DELETE (not only reads). */
    private boolean txnWrote;
    private final List<Map.Entry<MeridianTable, Object[]>> deferredInserts = new ArrayList<>();
    private final StatementGuard guard = new StatementGuard();
    /** Cursors still reading from their plans, in the session's transaction. */
    private final List<QueryCursor> openCursors = new ArrayList<>();
    private long statementTimeoutMillis;
    private boolean readOnly;
    private volatile String user = DEFAULT_USER;

    SqlSession(SqlEngine engine) {
        this.engine = engine;
        int cacheMax = engine.limits().planCacheEntriesMax();
        this.plans = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, PreparedStatement> eldest) {
                if (size() > cacheMax) {
                    closeQuietly(eldest.getValue());
                    return true;
                }
                return false;
            }
        };
        this.queryKinds = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, SqlKind> eldest) {
                return size() > cacheMax;
            }
        };
    }

    @Override
    public Transaction transaction() {
        if (txn == null) {
            throw new IllegalStateException("no transaction bound to the session");
        }
        // Every table scan passes here (a nested-loop join once per outer row): a cancel point.
        try {
            guard.check();
        } catch (SqlStateException e) {
            throw new SqlStateRuntimeException(e);
        }
        return txn;
    }

    /**
     * Stops the statement or fetch this session is running, from any thread: it fails with 57014
     * at its next row or table scan. Does nothing when the session is idle.
     */
    public void cancel() {
        guard.cancel();
    }

    StatementGuard guard() {
        return guard;
    }

    ResultMetrics metrics() {
        return engine.resultMetrics();
    }

    @Override
    public long nextRowId() {
        return engine.nextRowId();
    }

    @Override
    public boolean upsert() {
        return upsert;
    }

    /** The user the session authenticated as: what CURRENT_USER, SESSION_USER and USER return. */
    public String user() {
        return user;
    }

    /** Who the session authenticated as (CURRENT_USER); null or empty, when no user was given, is {@link #DEFAULT_USER}. */
    public void setUser(String user) {
        this.user = user == null || user.isEmpty() ? DEFAULT_USER : user;
    }

    @Override
    public void deferInsert(MeridianTable table, Object[] row) {
        deferredInserts.add(Map.entry(table, row));
    }

    public boolean autoCommit() {
        return autoCommit;
    }

    public boolean inTransaction() {
        return txn != null;
    }

    /** JDBC semantics: switching autocommit on commits the open transaction. */
    public void setAutoCommit(boolean on) throws SqlStateException {
        settleCursors();
        if (on && !autoCommit && txn != null) {
            commit();
        }
        autoCommit = on;
    }

    /** The schema this session's statements see: its transaction's snapshot, or the latest. */
    private CatalogSnapshot catalogNow() {
        return lease != null ? lease.snapshot() : engine.catalog().snapshot();
    }

    private final class PinnedCatalog implements CatalogView {
        @Override
        public Optional<TableDef> table(String name) {
            TableDef replaced = replacedTable;
            return replaced != null && replaced.name().equals(name) ? Optional.of(replaced) : catalogNow().table(name);
        }

        @Override
        public Collection<TableDef> tables() {
            TableDef replaced = replacedTable;
            if (replaced == null) {
                return catalogNow().tables();
            }
            return catalogNow().tables().stream().map(t -> t.name().equals(replaced.name()) ? replaced : t).toList();
        }

        @Override
        public Optional<ViewDef> view(String name) {
            return catalogNow().view(name);
        }

        @Override
        public Collection<ViewDef> views() {
            return catalogNow().views();
        }
    }

    /**
     * Starts a transaction pinned to the latest catalog snapshot; the pin (a lease) lasts until the
     * transaction ends, so an online schema change waits for it before its next step.
     */
    private void beginTransaction() {
        lease = engine.catalog().lease();
        txn = engine.txns().begin();
    }

    private void releaseLease() {
        if (lease != null) {
            lease.release();
            lease = null;
        }
    }

    public void commit() throws SqlStateException {
        settleCursors();
        if (txnFailure != null) {
            SqlStateException failure = txnFailure;
            rollback();
            throw new SqlStateException("25P02", "transaction was rolled back because an earlier statement failed: "
                    + failure.getMessage(), failure);
        }
        if (txn == null) {
            return;
        }
        Transaction committing = txn;
        txn = null;
        txnWrote = false;
        try {
            committing.commit();
        } catch (TxnAbortedException | TxnUnavailableException e) {
            throw ErrorMapper.map(e);
        } finally {
            releaseLease();
        }
    }

    public void rollback() {
        for (QueryCursor cursor : List.copyOf(openCursors)) {
            cursor.fail(new SqlStateException("34000", "the result set was closed when its transaction rolled back"));
            cursor.markFinished();
        }
        openCursors.clear();
        if (txn != null) {
            txn.rollback();
            txn = null;
        }
        txnWrote = false;
        releaseLease();
        txnFailure = null;
    }

    /**
     * Runs one statement with positional parameters (JDBC-style Java values), its whole result in
     * memory (bounded by resultRowsMax). Clients that stream use {@link #open}.
     */
    public StatementResult execute(String sql, List<Object> parameters) throws SqlStateException {
        StatementOutcome outcome = open(sql, parameters, ExecuteOptions.DEFAULTS);
        if (!outcome.isQuery()) {
            return StatementResult.updateCount(outcome.updateCount());
        }
        QueryCursor cursor = outcome.cursor();
        List<Object[]> rows = new ArrayList<>();
        try {
            do {
                rows.addAll(cursor.next(DRAIN_BATCH_ROWS));
                checkRowBound(rows.size() - 1);
            } while (cursor.hasMore());
        } finally {
            cursor.close();
        }
        return new StatementResult(cursor.columns(), rows, -1);
    }

    /**
     * Runs one statement; a query's rows stay in the plan, read as the cursor is asked for them
     * (in the statement's transaction, which in autocommit ends when the cursor does). Open
     * cursors are first read to the end into memory: the new statement must not interleave
     * with their reads.
     */
    public StatementOutcome open(String sql, List<Object> parameters, ExecuteOptions options) throws SqlStateException {
        guard.arm(options.timeoutMillis() > 0 ? options.timeoutMillis() : statementTimeoutMillis);
        try {
            settleCursors();
            return run(sql, parameters, options);
        } finally {
            guard.disarm();
        }
    }

    private StatementOutcome run(String sql, List<Object> parameters, ExecuteOptions options) throws SqlStateException {
        String statement = stripTerminator(sql);
        if (statement.isEmpty()) {
            throw new SqlStateException(SqlStates.SYNTAX_ERROR, "empty statement");
        }
        if (queryKinds.containsKey(statement)) {
            // A text that parsed as a query before is neither a setting nor transaction control:
            // skip their (regex) checks, which cost more than running a cached point select.
            if (txnFailure != null) {
                throw new SqlStateException("25P02", "current transaction is aborted, commands ignored until end of transaction block");
            }
            return new StatementOutcome(-1, inTransaction(() -> query(statement, parameters, options)));
        }
        SessionSettings.Command setting = SessionSettings.parse(statement);
        if (setting != null) {
            return setting(setting);
        }
        StatementResult control = transactionControl(statement);
        if (control != null) {
            return StatementOutcome.of(control);
        }
        if (txnFailure != null) {
            throw new SqlStateException("25P02", "current transaction is aborted, commands ignored until end of transaction block");
        }
        if (DdlParser.isDdl(statement)) {
            checkWritable("DDL");
            return StatementOutcome.of(ddl(DdlParser.parse(statement)));
        }
        SqlNode node = parse(statement);
        SqlKind kind = node.getKind();
        txnWrote |= kind == SqlKind.INSERT || kind == SqlKind.UPDATE || kind == SqlKind.DELETE;
        if (QUERY_KINDS.contains(kind)) {
            queryKinds.put(statement, kind);
        }
        if (kind == SqlKind.INSERT || kind == SqlKind.UPDATE || kind == SqlKind.DELETE) {
            checkWritable(kind.toString());
        }
        return switch (kind) {
            case INSERT -> StatementOutcome.of(inTransaction(() -> insert((SqlInsert) node, statement, parameters)));
            case UPDATE -> StatementOutcome.of(inTransaction(() -> update((SqlUpdate) node, parameters)));
            case DELETE -> StatementOutcome.of(inTransaction(() -> delete((SqlDelete) node, parameters)));
            case SELECT, ORDER_BY, UNION, INTERSECT, EXCEPT, VALUES, WITH, EXPLAIN ->
                    new StatementOutcome(-1, inTransaction(() -> query(statement, parameters, options)));
            default -> throw new SqlStateException(SqlStates.FEATURE_NOT_SUPPORTED, kind + " statements are not supported");
        };
    }

    private void checkWritable(String what) throws SqlStateException {
        if (readOnly) {
            throw new SqlStateException("25006", "cannot execute " + what + " in a read-only transaction"
                    + " (the session is READ ONLY: Connection.setReadOnly(true))");
        }
    }

    private StatementOutcome setting(SessionSettings.Command command) throws SqlStateException {
        if (command.isShow()) {
            String value = command.name().equals(SessionSettings.STATEMENT_TIMEOUT)
                    ? statementTimeoutMillis + "ms" : readOnly ? "on" : "off";
            List<ResultColumn> columns = List.of(new ResultColumn(command.name(), java.sql.Types.VARCHAR, "VARCHAR", false,
                    64, 0, ""));
            return new StatementOutcome(-1, QueryCursor.ofRows(this, columns, List.<Object[]>of(new Object[] {value})));
        }
        if (command.name().equals(SessionSettings.STATEMENT_TIMEOUT)) {
            statementTimeoutMillis = SessionSettings.timeoutMillis(command.value());
        } else {
            if (txn != null) {
                throw new SqlStateException("25001", "cannot change transaction_read_only inside a transaction");
            }
            readOnly = SessionSettings.onOff(command.value());
        }
        return StatementOutcome.of(StatementResult.updateCount(0));
    }

    /** The next rows of a cursor of this session, under the statement timeout; ends it after its last row. */
    List<Object[]> fetch(QueryCursor cursor, int rowsMax) throws SqlStateException {
        guard.arm(statementTimeoutMillis);
        try {
            List<Object[]> batch = cursor.produce(rowsMax);
            if (cursor.sourceDone() && !cursor.finished()) {
                finish(cursor, null);
            }
            return batch;
        } catch (SqlStateException e) {
            if (!cursor.finished()) {
                finish(cursor, e);
            }
            throw e;
        } finally {
            guard.disarm();
        }
    }

    /**
     * A cursor stopped reading its plan: an autocommit statement commits after its last row (or
     * rolls back on failure); in an explicit transaction a failure poisons it, as a failed
     * statement would.
     */
    private void finish(QueryCursor cursor, SqlStateException failure) throws SqlStateException {
        cursor.markFinished();
        cursor.closeSource();
        openCursors.remove(cursor);
        if (failure != null) {
            if (cursor.implicitTxn() || failure.sqlState().startsWith("40")) {
                rollback();
            } else {
                txnFailure = failure;
            }
        } else if (cursor.implicitTxn()) {
            commit();
        }
    }

    /** The client closed a cursor before its end: an autocommit read just releases its locks. */
    void closeCursor(QueryCursor cursor) {
        if (cursor.finished()) {
            return;
        }
        cursor.markFinished();
        cursor.closeSource();
        openCursors.remove(cursor);
        if (cursor.implicitTxn()) {
            rollback();
        }
    }

    /** An autocommit statement's cursor is open: its transaction, and its locks, are still held. */
    public boolean holdsAutocommitCursor() {
        for (QueryCursor cursor : openCursors) {
            if (cursor.implicitTxn()) {
                return true;
            }
        }
        return false;
    }

    /** Ends open autocommit cursors (rolling back their transaction); their next fetch fails with {@code reason}. */
    public void expireAutocommitCursors(SqlStateException reason) {
        for (QueryCursor cursor : List.copyOf(openCursors)) {
            if (cursor.implicitTxn()) {
                cursor.fail(reason);
                cursor.markFinished();
                openCursors.remove(cursor);
                rollback();
            }
        }
    }

    /** Reads every open cursor to its end into memory (bounded), ending their autocommit transactions. */
    private void settleCursors() throws SqlStateException {
        if (openCursors.isEmpty()) {
            return;
        }
        for (QueryCursor cursor : List.copyOf(openCursors)) {
            try {
                cursor.buffer(engine.limits().resultRowsMax());
                finish(cursor, null);
            } catch (SqlStateException e) {
                // Buffering failed (the cursor is still open) or its autocommit commit did (the
                // transaction is gone already); either way the client hears it at its next fetch.
                boolean stillOpen = openCursors.contains(cursor);
                cursor.fail(e);
                if (stillOpen) {
                    finish(cursor, e);
                }
            }
        }
    }

    private StatementResult transactionControl(String statement) throws SqlStateException {
        String upper = statement.toUpperCase(Locale.ROOT).replaceAll("\\s+", " ");
        switch (upper) {
            case "BEGIN", "BEGIN TRANSACTION", "START TRANSACTION", "BEGIN WORK" -> {
                if (txn != null) {
                    throw new SqlStateException("25001", "a transaction is already in progress");
                }
                beginTransaction();
                return StatementResult.updateCount(0);
            }
            case "COMMIT", "COMMIT WORK", "END", "END TRANSACTION" -> {
                commit();
                return StatementResult.updateCount(0);
            }
            case "ROLLBACK", "ROLLBACK WORK", "ABORT" -> {
                rollback();
                return StatementResult.updateCount(0);
            }
            default -> {
                return null;
            }
        }
    }

    private interface Work<T> {
        T run() throws Exception;
    }

    /**
     * Runs work in the session's transaction, starting one if needed. In autocommit mode the
     * statement's transaction commits (or rolls back) before this returns, and a transaction that
     * definitely did not commit (aborted by a conflict, 40001, or refused because the tablet's
     * leader changed, 57P03) is retried from the start, up to {@link #IMPLICIT_ATTEMPTS_MAX}
     * attempts: the statement had no effect, so running it again is what the client would do.
     * An outcome-unknown commit (40003) is never retried.
     */
    private <T> T inTransaction(Work<T> work) throws SqlStateException {
        return inTransaction(work, txn == null && autoCommit);
    }

    private <T> T inTransaction(Work<T> work, boolean implicit) throws SqlStateException {
        for (int attempt = 1; ; attempt++) {
            try {
                return attempt(work, implicit);
            } catch (SqlStateException e) {
                if (!implicit || attempt >= IMPLICIT_ATTEMPTS_MAX || !isDefinitelyNotCommitted(e)) {
                    throw e;
                }
            }
        }
    }

    private static boolean isDefinitelyNotCommitted(SqlStateException e) {
        return e.sqlState().equals(SqlStates.SERIALIZATION_FAILURE) || e.sqlState().equals("57P03");
    }

    private <T> T attempt(Work<T> work, boolean implicit) throws SqlStateException {
        if (txn == null) {
            beginTransaction();
        }
        try {
            T result = work.run();
            if (implicit && result instanceof QueryCursor cursor) {
                // The transaction lives on with the cursor; one that already read everything
                // commits now, still inside the retry loop.
                cursor.adoptImplicitTxn();
                if (cursor.sourceDone()) {
                    finish(cursor, null);
                }
            } else if (implicit) {
                commit();
            }
            return result;
        } catch (Exception | Error e) {
            SqlStateException mapped = ErrorMapper.map(e);
            if (implicit || mapped.sqlState().startsWith("40")) {
                rollback();
            } else if (!mapped.sqlState().startsWith("42")) {
                txnFailure = mapped;
            }
            throw mapped;
        }
    }

    private StatementResult ddl(DdlStatement statement) throws SqlStateException {
        if (txn != null && txnWrote) {
            // DDL commits on its own at a timestamp of its choosing (the catalog is versioned by
            // commit time), so it cannot join writes that commit later; Spanner refuses it too.
            String verb = statement.getClass().getSimpleName().replaceAll("([a-z])([A-Z])", "$1 $2").toUpperCase(Locale.ROOT);
            throw new SqlStateException("25001", (verb.endsWith(" COLUMN") ? "ALTER TABLE" : verb)
                    + " cannot run in a transaction that has written: DDL commits on its own; commit first (or roll back),"
                    + " then run it. The transaction is still open");
        }
        if (txn != null) {
            // The transaction has only read, so ending it loses nothing; tools that turn autocommit
            // off and read metadata before DDL (Liquibase) need this.
            commit();
        }
        if (statement instanceof DdlStatement.CreateIndex create) {
            engine.indexChanges().create(create);
            return StatementResult.updateCount(0);
        }
        if (statement instanceof DdlStatement.DropIndex drop) {
            engine.indexChanges().drop(drop);
            return StatementResult.updateCount(0);
        }
        List<Runnable> publish = new ArrayList<>();
        DdlExecutor[] executor = new DdlExecutor[1];
        // DDL always commits on its own (also with autocommit off): its change is published to
        // every session once its transaction committed.
        StatementResult result = inTransaction(() -> {
            publish.clear();
            executor[0] = new DdlExecutor(engine.catalog(), txn, publish, this::checkQuery, this::evaluateDefault);
            return executor[0].execute(statement);
        }, true);
        publish.forEach(Runnable::run);
        if (executor[0].droppedTable() != null) {
            try {
                engine.indexChanges().purgeTable(executor[0].droppedTable());
            } catch (SqlStateException e) {
                // The drop committed; rows left behind are unreachable (ids are never reused).
            }
        }
        return result;
    }

    /**
     * Validates a query (a view's definition) without running it, with {@code replacing} (or
     * null) in place of the table of its name: DROP COLUMN asks whether a view survives it.
     */
    private void checkQuery(String querySql, TableDef replacing) throws SQLException {
        replacedTable = replacing;
        try (PreparedStatement prepared = calcite().prepareStatement(querySql)) {
            prepared.getMetaData();
        } finally {
            replacedTable = null;
        }
    }

    /**
     * A DEFAULT expression's value as of now, in the column's internal representation (ALTER TABLE
     * ADD COLUMN stores it for the rows already there). Character types are not CAST: Calcite
     * would cut a long value to the length where the column must refuse it.
     */
    private Object evaluateDefault(String expressionSql, ColumnDef column) throws SQLException {
        boolean text = column.type() == SqlTypeName.CHAR || column.type() == SqlTypeName.VARCHAR;
        String sql = text ? "SELECT (" + expressionSql + ")"
                : "SELECT CAST((" + expressionSql + ") AS " + ColumnTypes.sqlText(column) + ")";
        try (java.sql.Statement statement = calcite().createStatement(); ResultSet rs = statement.executeQuery(sql)) {
            rs.next();
            return internal(rs.getObject(1));
        }
    }

    /** INSERT, or UPSERT (also spelled REPLACE INTO): Calcite plans both, the table tells them apart. */
    private StatementResult insert(SqlInsert insert, String sql, List<Object> parameters) throws Exception {
        upsert = insert.isUpsert();
        deferredInserts.clear();
        try {
            long count = calciteUpdate(sql, parameters);
            for (Map.Entry<MeridianTable, Object[]> row : deferredInserts) {
                row.getKey().insertRow(row.getValue());
            }
            return StatementResult.updateCount(count);
        } finally {
            upsert = false;
            deferredInserts.clear();
        }
    }

    private long calciteUpdate(String sql, List<Object> parameters) throws SQLException, SqlStateException {
        PreparedStatement prepared = prepare(sql);
        bind(prepared, parameters);
        return prepared.executeLargeUpdate();
    }

    private StatementResult update(SqlUpdate update, List<Object> parameters) throws Exception {
        TableDef table = targetTable(DmlRewriter.targetName(update.getTargetTable()), "UPDATE");
        DmlRewriter.Rewrite rewrite = DmlRewriter.update(update, table);
        List<Object[]> selected = selectInternal(rewrite.selectSql(), parameters);
        int columns = table.columns().size();
        List<MeridianTable.RowChange> changes = new ArrayList<>(selected.size());
        for (Object[] row : selected) {
            Object[] oldValues = storedValues(row, columns);
            Object[] newValues = oldValues.clone();
            for (int i = 0; i < rewrite.updatedColumns().size(); i++) {
                newValues[rewrite.updatedColumns().get(i)] = internal(row[1 + columns + i]);
            }
            changes.add(new MeridianTable.RowChange(keyOf(row), oldValues, newValues));
        }
        new MeridianTable(table, this, false).updateRows(changes);
        return StatementResult.updateCount(selected.size());
    }

    private StatementResult delete(SqlDelete delete, List<Object> parameters) throws Exception {
        TableDef table = targetTable(DmlRewriter.targetName(delete.getTargetTable()), "DELETE FROM");
        List<Object[]> selected = selectInternal(DmlRewriter.delete(delete, table).selectSql(), parameters);
        MeridianTable target = new MeridianTable(table, this, false);
        for (Object[] row : selected) {
            target.deleteRow(keyOf(row), storedValues(row, table.columns().size()));
        }
        return StatementResult.updateCount(selected.size());
    }

    /** The table's column values of a keyed selection (they follow the storage key). */
    private static Object[] storedValues(Object[] row, int columns) {
        Object[] values = new Object[columns];
        for (int i = 0; i < columns; i++) {
            values[i] = internal(row[i + 1]);
        }
        return values;
    }

    private TableDef targetTable(String name, String verb) throws SqlStateException {
        if (catalogNow().view(name).isPresent()) {
            throw new SqlStateException(SqlStates.WRONG_OBJECT_TYPE, "cannot " + verb + " view \"" + name
                    + "\": views are read-only");
        }
        return tableNamed(name);
    }

    /** The storage key in the first column of a keyed selection (JDBC hands VARBINARY as byte[]). */
    private static byte[] keyOf(Object[] row) {
        return row[0] instanceof ByteString b ? b.getBytes() : (byte[]) row[0];
    }

    private TableDef tableNamed(String name) throws SqlStateException {
        return catalogNow().table(name).orElseThrow(() ->
                new SqlStateException(SqlStates.UNDEFINED_TABLE, "table \"" + name + "\" does not exist"));
    }

    private List<Object[]> selectInternal(String sql, List<Object> parameters) throws SQLException, SqlStateException {
        PreparedStatement prepared = prepare(sql);
        bind(prepared, parameters);
        List<Object[]> rows = new ArrayList<>();
        try (ResultSet rs = prepared.executeQuery()) {
            int width = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                checkRowBound(rows.size());
                Object[] row = new Object[width];
                for (int i = 0; i < width; i++) {
                    row[i] = rs.getObject(i + 1);
                }
                rows.add(row);
            }
        }
        return rows;
    }

    /** Opens a cursor on the query and reads its first batch (so retries cover it). */
    private QueryCursor query(String sql, List<Object> parameters, ExecuteOptions options)
            throws SQLException, SqlStateException {
        PreparedQuery plan = directPlan(sql);
        QueryCursor cursor;
        if (plan != null) {
            calcite(); // a session whose first query found a shared plan has no connection yet
            Object[] bound = plan.bind(parameters, calendar);
            cursor = new QueryCursor(this, plan.columns(), plan.open(this::executionContext, bound, calendar),
                    options.rowsMax());
        } else {
            PreparedStatement prepared = prepare(sql);
            bind(prepared, parameters);
            ResultSet rs = prepared.executeQuery();
            try {
                cursor = new QueryCursor(this, StatementDescriber.columns(rs.getMetaData()), RowSource.of(rs),
                        options.rowsMax());
            } catch (SQLException | RuntimeException e) {
                rs.close();
                throw e;
            }
        }
        openCursors.add(cursor);
        try {
            cursor.fill(options.firstBatchRows() + 1L);
        } catch (SqlStateException e) {
            cursor.markFinished();
            cursor.closeSource();
            openCursors.remove(cursor);
            throw e;
        }
        return cursor;
    }

    /** Parameter types and result columns of a statement, planned but not run. */
    public StatementDescription describe(String sql) throws SqlStateException {
        String statement = stripTerminator(sql);
        try {
            if (statement.isEmpty() || DdlParser.isDdl(statement) || SessionSettings.parse(statement) != null
                    || isTransactionControl(statement)) {
                return new StatementDescription(List.of(), List.of());
            }
            SqlNode node = parse(statement);
            String planned = switch (node.getKind()) {
                case UPDATE -> DmlRewriter.update((SqlUpdate) node, targetTable(
                        DmlRewriter.targetName(((SqlUpdate) node).getTargetTable()), "UPDATE")).selectSql();
                case DELETE -> DmlRewriter.delete((SqlDelete) node, targetTable(
                        DmlRewriter.targetName(((SqlDelete) node).getTargetTable()), "DELETE FROM")).selectSql();
                default -> statement;
            };
            boolean rows = node.getKind() != SqlKind.INSERT && node.getKind() != SqlKind.UPDATE
                    && node.getKind() != SqlKind.DELETE;
            return StatementDescriber.describe(calcite(), planned, rows);
        } catch (SqlStateException e) {
            throw e;
        } catch (Exception e) {
            throw ErrorMapper.map(e);
        }
    }

    private static boolean isTransactionControl(String statement) {
        return switch (statement.toUpperCase(Locale.ROOT).replaceAll("\\s+", " ")) {
            case "BEGIN", "BEGIN TRANSACTION", "START TRANSACTION", "BEGIN WORK", "COMMIT", "COMMIT WORK", "END",
                    "END TRANSACTION", "ROLLBACK", "ROLLBACK WORK", "ABORT" -> true;
            default -> false;
        };
    }

    private void checkRowBound(int rows) throws SqlStateException {
        if (rows >= engine.limits().resultRowsMax()) {
            throw new SqlStateException(SqlStates.PROGRAM_LIMIT_EXCEEDED, "result exceeds " + engine.limits().resultRowsMax()
                    + " rows; add a LIMIT or a narrower WHERE");
        }
    }

    /** JDBC values from Calcite's result sets back to Calcite's internal classes for storing. */
    private static Object internal(Object value) {
        if (value instanceof byte[] bytes) {
            return new ByteString(bytes);
        }
        if (value instanceof java.sql.Date d) {
            return (int) Math.floorDiv(d.getTime(), 86_400_000L);
        }
        if (value instanceof java.sql.Time t) {
            return (int) Math.floorMod(t.getTime(), 86_400_000L);
        }
        if (value instanceof java.sql.Timestamp ts) {
            return ts.getTime();
        }
        return value;
    }

    /**
     * The query's plan to run directly, shared with other sessions when it reads only Meridian
     * tables (planned here on a miss); null when it must run through Calcite's JDBC layer (a
     * collection-valued column) or is private to this session (it reads INFORMATION_SCHEMA): those
     * keep their per-session prepared statement, which {@link #plans} remembers.
     */
    private PreparedQuery directPlan(String sql) throws SQLException {
        long version = dropStalePlans();
        PreparedQuery known = directPlans.get(sql);
        if (known != null) {
            engine.resultMetrics().sharedPlanLookup(true);
            return known;
        }
        if (plans.containsKey(sql)) {
            return null;
        }
        PreparedQuery plan = engine.sharedPlans().get(sql, version);
        if (plan == null) {
            plan = PreparedQuery.plan(calcite(), sql);
            if (!plan.shareable() || !plan.scalarColumns()) {
                return null;
            }
            engine.sharedPlans().put(sql, version, plan);
        }
        if (directPlans.size() >= engine.limits().planCacheEntriesMax()) {
            directPlans.clear(); // a session cycling through more texts than the bound starts over
        }
        directPlans.put(sql, plan);
        return plan;
    }

    private ExecutionContext executionContext(Map<String, Object> stashed, Object[] parameters) {
        return new ExecutionContext(rootSchema, calcite.getTypeFactory(), calcite, UTC, this, stashed, parameters);
    }

    /** Forgets this session's prepared statements when DDL changed the catalog it plans against. */
    private long dropStalePlans() {
        long version = catalogNow().version();
        if (version != plansCatalogVersion) {
            plans.values().forEach(SqlSession::closeQuietly);
            plans.clear();
            directPlans.clear();
            plansCatalogVersion = version;
        }
        return version;
    }

    private PreparedStatement prepare(String sql) throws SQLException {
        dropStalePlans();
        PreparedStatement cached = plans.get(sql);
        if (cached != null) {
            return cached;
        }
        PreparedStatement prepared = calcite().prepareStatement(sql);
        plans.put(sql, prepared);
        return prepared;
    }

    private static void bind(PreparedStatement prepared, List<Object> parameters) throws SQLException, SqlStateException {
        ParameterBinder.bind(prepared, parameters);
    }

    private CalciteConnection calcite() throws SQLException {
        if (calcite == null) {
            Properties info = new Properties();
            info.setProperty("timeZone", "UTC");
            info.setProperty("defaultNullCollation", "LOW");
            info.setProperty("typeSystem", MeridianTypeSystem.class.getName() + "#INSTANCE");
            Connection connection = new org.apache.calcite.jdbc.Driver().withPrepareFactory(MeridianPrepare::create)
                    .connect("jdbc:calcite:", info);
            calcite = connection.unwrap(CalciteConnection.class);
            calcite.getRootSchema().add(MeridianSchema.NAME, new MeridianSchema(schema, this)).setCacheEnabled(false);
            MeridianSchema.TYPE_ALIASES.forEach(calcite.getRootSchema()::add);
            calcite.getRootSchema().add(InformationSchema.NAME,
                    new InformationSchema(schema::tables, schema::views,
                            MeridianSchema.NAME, this::viewColumns));
            calcite.setSchema(MeridianSchema.NAME);
            rootSchema = calcite.getRootSchema();
        }
        return calcite;
    }

    /**
     * A view's columns as planning its query gives them (INFORMATION_SCHEMA.COLUMNS lists them),
     * planned once per catalog version: a view's columns change only with DDL.
     */
    private List<ColumnDef> viewColumns(ViewDef view) throws SQLException {
        long version = catalogNow().version();
        if (version != viewColumnsCatalogVersion) {
            viewColumnsCache.clear();
            viewColumnsCatalogVersion = version;
        }
        List<ColumnDef> cached = viewColumnsCache.get(view.name());
        if (cached != null) {
            return cached;
        }
        try (PreparedStatement prepared = calcite().prepareStatement(
                "SELECT * FROM \"" + view.name().replace("\"", "\"\"") + "\"")) {
            List<ColumnDef> columns = ViewColumns.fromMetaData(prepared.getMetaData());
            viewColumnsCache.put(view.name(), columns);
            return columns;
        }
    }

    private static SqlNode parse(String sql) throws SqlStateException {
        try {
            return SqlParser.create(sql, PARSER_CONFIG).parseStmt();
        } catch (Exception e) {
            throw ErrorMapper.map(e);
        }
    }

    private static String stripTerminator(String sql) {
        String s = sql.strip();
        while (s.endsWith(";")) {
            s = s.substring(0, s.length() - 1).strip();
        }
        return s;
    }

    private static void closeQuietly(PreparedStatement statement) {
        try {
            statement.close();
        } catch (SQLException ignored) {
            // Closing a cached plan cannot fail in a way the client could act on.
        }
    }

    @Override
    public void close() {
        rollback();
        plans.values().forEach(SqlSession::closeQuietly);
        plans.clear();
        if (calcite != null) {
            try {
                calcite.close();
            } catch (SQLException ignored) {
                // The session is going away; nothing to report to.
            }
        }
    }
}
