/**
 * Order-preserving encoding of SQL values into storage keys: the unsigned byte order of
 * {@link io.meridian.storage.keys.KeyEncoder} output equals the SQL order of the values, column by
 * column, so range scans over encoded keys are range scans over rows.
 */
package io.meridian.storage.keys;
