package io.meridian.sql.calcite;

import io.meridian.txn.Transaction;

/**
 * What a table needs from the session running a statement: the transaction the statement runs
 * in, and fresh hidden row ids.
 */
public interface TableAccess {
    Transaction transaction();

    long nextRowId();
}
