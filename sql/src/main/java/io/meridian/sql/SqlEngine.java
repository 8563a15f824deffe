package io.meridian.sql;

import io.meridian.sql.catalog.Catalog;
import io.meridian.sql.catalog.TableDef;
import io.meridian.sql.codec.KeyCodec;
import io.meridian.sql.exec.ErrorMapper;
import io.meridian.sql.exec.IndexVerifier;
import io.meridian.sql.exec.OnlineIndexChange;
import io.meridian.truetime.TrueTime;
import io.meridian.txn.Transaction;
import io.meridian.txn.TransactionManager;
import io.meridian.txn.TxnAbortedException;
import io.meridian.txn.TxnUnavailableException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The SQL gateway of one database: the catalog, and sessions that parse, plan and run statements
 * through Calcite inside Meridian transactions.
 */
public final class SqlEngine {
    /** Product and version, as the server's handshake and SQL's {@code VERSION()} report them. */
    public static final String PRODUCT_VERSION = "Meridian 0.1.0";
    static final int CATALOG_LOAD_ATTEMPTS_MAX = 5;

    private final TransactionManager txns;
    private final Catalog catalog;
    private final AtomicLong rowIds;
    private final Limits limits;
    private volatile OnlineIndexChange indexChanges;
    private final ResultMetrics resultMetrics = new ResultMetrics();
    private final SharedPlans sharedPlans;

    /**
     * Bounds on what one statement may produce or cache: plans per session (statements that write,
     * and queries run through Calcite's JDBC layer) and query plans shared by all sessions.
     */
    public record Limits(int resultRowsMax, int planCacheEntriesMax, int sharedPlanEntriesMax) {
        public static Limits defaults() {
            return new Limits(1_000_000, 64, 1_024);
        }
    }

    public SqlEngine(TransactionManager txns, TrueTime trueTime, Limits limits) throws SqlStateException {
        this.txns = txns;
        this.limits = limits;
        this.catalog = loadCatalog(txns);
        this.sharedPlans = new SharedPlans(limits.sharedPlanEntriesMax(), resultMetrics);
        this.indexChanges = new OnlineIndexChange(catalog, txns, OnlineIndexChange.Settings.defaults());
        // Hidden row ids: the clock in micros, shifted to leave room for 256 ids per microsecond,
        // so ids keep increasing across restarts without any stored counter.
        this.rowIds = new AtomicLong(trueTime.now().latestMicros() << 8);
    }

    private static Catalog loadCatalog(TransactionManager txns) throws SqlStateException {
        SqlStateException last = null;
        for (int attempt = 0; attempt < CATALOG_LOAD_ATTEMPTS_MAX; attempt++) {
            Transaction txn = txns.begin();
            try {
                Catalog catalog = Catalog.load(txn);
                txn.commit();
                return catalog;
            } catch (TxnAbortedException | TxnUnavailableException e) {
                txn.rollback();
                last = ErrorMapper.map(e);
            }
        }
        throw last;
    }

    public SqlSession openSession() {
        return new SqlSession(this);
    }

    Catalog catalog() {
        return catalog;
    }

    OnlineIndexChange indexChanges() {
        return indexChanges;
    }

    /** Tunes online index builds and drops (backfill batch size, retries, waits) for later statements. */
    public void configureIndexChanges(OnlineIndexChange.Settings settings) {
        indexChanges = new OnlineIndexChange(catalog, txns, settings);
    }

    /**
     * Checks that index {@code indexName} of table {@code tableName} has exactly one entry, with
     * the right values, for every row, and nothing else (an operator's check after an online
     * build; tests use it). Reads in one transaction.
     */
    public IndexVerifier.Report verifyIndex(String tableName, String indexName) throws SqlStateException {
        Transaction txn = txns.begin();
        try {
            IndexVerifier.Report report = IndexVerifier.verify(txn, catalog, tableName, indexName);
            txn.commit();
            return report;
        } catch (TxnAbortedException | TxnUnavailableException e) {
            txn.rollback();
            throw ErrorMapper.map(e);
        } catch (SqlStateException | RuntimeException e) {
            txn.rollback();
            throw e;
        }
    }

    /** The current definition of a table, for tools and tests. */
    public java.util.Optional<TableDef> table(String name) {
        return catalog.table(name);
    }

    /**
     * How many keys are stored under a table id (its rows) or, with {@code indexId} >= 0, under
     * one of its indexes: after DROP TABLE or DROP INDEX, zero once the purge ran.
     */
    public long storedKeys(long tableId, long indexId) throws SqlStateException {
        Transaction txn = txns.begin();
        try {
            long count = indexId < 0
                    ? IndexVerifier.countKeys(txn, KeyCodec.tablePrefix(tableId), KeyCodec.tableEnd(tableId))
                    : IndexVerifier.countKeys(txn, KeyCodec.indexPrefix(tableId, indexId), KeyCodec.indexEnd(tableId, indexId));
            txn.commit();
            return count;
        } catch (TxnAbortedException | TxnUnavailableException e) {
            txn.rollback();
            throw ErrorMapper.map(e);
        }
    }

    TransactionManager txns() {
        return txns;
    }

    /** Rows read and held by query cursors of all sessions. */
    public ResultMetrics resultMetrics() {
        return resultMetrics;
    }

    SharedPlans sharedPlans() {
        return sharedPlans;
    }

    Limits limits() {
        return limits;
    }

    long nextRowId() {
        return rowIds.incrementAndGet();
    }
}
