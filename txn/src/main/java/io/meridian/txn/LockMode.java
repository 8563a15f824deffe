package io.meridian.txn;

/** Shared locks are taken by reads, exclusive locks by writes. */
public enum LockMode { SHARED, EXCLUSIVE }
