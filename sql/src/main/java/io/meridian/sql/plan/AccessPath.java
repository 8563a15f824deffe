package io.meridian.sql.plan;

import io.meridian.sql.catalog.IndexDef;
import io.meridian.sql.catalog.TableDef;
import java.util.List;

/**
 * How a scan reaches its rows: the whole table, a set of primary-key ranges, or ranges of one
 * secondary index (then each entry's row is looked up by its key, unless the index covers every
 * column the query needs). {@code keyColumns} are the leading key columns (table positions) the
 * ranges constrain, {@code conditions} what constrains each; {@code rows} and {@code cost} are
 * the estimates the planner compares.
 */
record AccessPath(Kind kind, IndexDef index, List<Integer> keyColumns, List<ValueCondition> conditions,
        List<ColumnDomain> domains, boolean covering, double rows, double cost) {
    enum Kind { FULL, PRIMARY, INDEX }

    AccessPath {
        keyColumns = List.copyOf(keyColumns);
        conditions = List.copyOf(conditions);
        domains = List.copyOf(domains);
    }

    static AccessPath full(TableDef table, double tableRows) {
        return new AccessPath(Kind.FULL, null, List.of(), List.of(), List.of(), false, tableRows, tableRows);
    }

    /** Whether every primary-key column is constrained to single values: the scan is a set of point lookups. */
    boolean primaryPoints(TableDef table) {
        return kind == Kind.PRIMARY && keyColumns.size() == table.primaryKey().size()
                && conditions.stream().allMatch(ValueCondition::pointsOnly)
                && domains.stream().allMatch(ColumnDomain::exactKey);
    }

    AccessPath withCovering(boolean covers, double costFactor) {
        return new AccessPath(kind, index, keyColumns, conditions, domains, covers, rows, cost * costFactor);
    }
}
