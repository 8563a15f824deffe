package io.meridian.sql.calcite;

import io.meridian.txn.Transaction;

/**
 * What a table needs from the session running a statement: the transaction the statement runs
 * in, fresh hidden row ids, and whether inserts replace colliding rows; and who the session is.
 */
public interface TableAccess {
    /**
     * The name under which a statement's {@code DataContext} holds the session running it: plans
     * shared by sessions read through the executing session, not the one that planned them.
     */
    String CONTEXT_NAME = "meridianTableAccess";

    Transaction transaction();

    long nextRowId();

    /** True while an UPSERT runs: inserted rows replace the rows they collide with. */
    boolean upsert();

    /** Queues a row the running INSERT produced; the session writes the queue when the statement's source is read. */
    void deferInsert(MeridianTable table, Object[] row);

    /** The user the session authenticated as: what CURRENT_USER, SESSION_USER and USER return. */
    String user();
}
