package io.meridian.sql.catalog;

/**
 * Where an index is in its online build (F1's states). Writers maintain an index in every state
 * except that DELETE_ONLY removes entries but adds none; only PUBLIC indexes answer queries. Each
 * step is its own catalog transaction, and the next step waits until no statement planned against
 * an older catalog version is still running, so at most two adjacent states are ever in use.
 */
public enum IndexState {
    /** Writers delete the entries of rows they delete or change, and add none. */
    DELETE_ONLY,
    /** Writers maintain the index fully (and check UNIQUE); the backfill adds entries for older rows. */
    WRITE_ONLY,
    /** Complete: writers maintain it and queries may read it. */
    PUBLIC;

    /** Whether writers add entries for the rows they write. */
    public boolean writesEntries() {
        return this != DELETE_ONLY;
    }
}
