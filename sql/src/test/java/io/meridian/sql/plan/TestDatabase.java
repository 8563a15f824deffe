package io.meridian.sql.plan;

import io.meridian.range.KeyRange;
import io.meridian.range.RangeDirectory;
import io.meridian.sql.SqlEngine;
import io.meridian.sql.SqlSession;
import io.meridian.sql.SqlStateException;
import io.meridian.sql.StatementResult;
import io.meridian.sql.catalog.ColumnDef;
import io.meridian.sql.catalog.TableDef;
import io.meridian.sql.codec.KeyCodec;
import io.meridian.truetime.HlcTrueTime;
import io.meridian.truetime.SystemClock;
import io.meridian.truetime.TrueTime;
import io.meridian.txn.MemoryTablet;
import io.meridian.txn.TransactionManager;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.calcite.sql.type.SqlTypeName;

/** An SQL engine over one in-memory tablet, and helpers to run statements on a session. */
final class TestDatabase {
    final SqlEngine engine;

    final List<MemoryTablet> tablets = new ArrayList<>();

    TestDatabase(long lockWaitMillis) throws SqlStateException {
        this(lockWaitMillis, List.of());
    }

    /** Tablets split at {@code splitKeys} (ascending): tablet i covers [split i-1, split i). */
    TestDatabase(long lockWaitMillis, List<byte[]> splitKeys) throws SqlStateException {
        byte[] start = new byte[0];
        for (byte[] split : splitKeys) {
            tablets.add(new MemoryTablet(tablets.size() + 1, new KeyRange(start, split)));
            start = split;
        }
        tablets.add(new MemoryTablet(tablets.size() + 1, new KeyRange(start, new byte[0])));
        TrueTime trueTime = new HlcTrueTime(SystemClock.INSTANCE, 100);
        TransactionManager txns = new TransactionManager(trueTime, SystemClock.INSTANCE,
                new RangeDirectory(List.copyOf(tablets)),
                new TransactionManager.Limits(lockWaitMillis, 5_000, 100_000, 1_000_000, 64));
        engine = new SqlEngine(txns, trueTime, SqlEngine.Limits.defaults());
    }

    /**
     * Three tablets split at ids 30 and 60 of the first table created (an INTEGER primary key
     * named ID), so that table's rows span all of them.
     */
    static TestDatabase splitAt30And60(long lockWaitMillis) throws SqlStateException {
        TableDef shape = new TableDef(SplitTabletScanTest.FIRST_TABLE_ID, "T",
                List.of(new ColumnDef("ID", SqlTypeName.INTEGER, -1, -1, false, null)), List.of(0));
        return new TestDatabase(lockWaitMillis, List.of(KeyCodec.primaryKey(shape, new Object[] {30}),
                KeyCodec.primaryKey(shape, new Object[] {60})));
    }

    static StatementResult run(SqlSession session, String sql, Object... parameters) throws SqlStateException {
        return session.execute(sql, Arrays.asList(parameters));
    }

    /** The rows as strings, e.g. {@code [1, a]}, in result order. */
    static List<String> rows(SqlSession session, String sql, Object... parameters) throws SqlStateException {
        List<String> out = new ArrayList<>();
        for (Object[] row : run(session, sql, parameters).rows()) {
            out.add(Arrays.toString(row));
        }
        return out;
    }

    /** The plan text of EXPLAIN PLAN FOR {@code sql}. */
    static String explain(SqlSession session, String sql, Object... parameters) throws SqlStateException {
        StringBuilder out = new StringBuilder();
        for (Object[] row : run(session, "EXPLAIN PLAN FOR " + sql, parameters).rows()) {
            out.append(row[0]).append('\n');
        }
        return out.toString();
    }
}
