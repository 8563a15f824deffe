package io.meridian.sql;

import io.meridian.sql.catalog.Catalog;
import io.meridian.sql.exec.ErrorMapper;
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
    static final int CATALOG_LOAD_ATTEMPTS_MAX = 5;

    private final TransactionManager txns;
    private final Catalog catalog;
    private final AtomicLong rowIds;
    private final Limits limits;
    private final ResultMetrics resultMetrics = new ResultMetrics();

    /** Bounds on what one statement may produce or cache. */
    public record Limits(int resultRowsMax, int planCacheEntriesMax) {
        public static Limits defaults() {
            return new Limits(1_000_000, 64);
        }
    }

    public SqlEngine(TransactionManager txns, TrueTime trueTime, Limits limits) throws SqlStateException {
        this.txns = txns;
        this.limits = limits;
        this.catalog = loadCatalog(txns);
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

    TransactionManager txns() {
        return txns;
    }

    /** Rows read and held by query cursors of all sessions. */
    public ResultMetrics resultMetrics() {
        return resultMetrics;
    }

    Limits limits() {
        return limits;
    }

    long nextRowId() {
        return rowIds.incrementAndGet();
    }
}
