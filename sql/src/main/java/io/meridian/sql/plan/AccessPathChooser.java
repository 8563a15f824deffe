package io.meridian.sql.plan;

import io.meridian.sql.catalog.ColumnDef;
import io.meridian.sql.catalog.IndexDef;
import io.meridian.sql.catalog.TableDef;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Picks the cheapest access path for per-column conditions, by a simple cost model with no
 * statistics beyond the table's estimated row count N:
 * <ul>
 *   <li>primary key, every column equal: one row per key (cost = keys);</li>
 *   <li>unique index, every column equal: one entry and one row lookup per key (cost = 2 keys + 1);</li>
 *   <li>primary-key prefix or range: N x selectivity (5% per equality, 25% for a range);</li>
 *   <li>secondary index prefix or range: the same rows, doubled for the row lookups unless covering;</li>
 *   <li>full scan: N.</li>
 * </ul>
 * So PK lookups beat unique-index lookups, which beat PK ranges, index ranges and full scans.
 */
final class AccessPathChooser {
    static final double POINT_SELECTIVITY = 0.05;
    static final double RANGE_SELECTIVITY = 0.25;

    private AccessPathChooser() {
    }

    /**
     * @param conditions by table column position
     * @param needed the table columns the query reads (for covering), or null for all
     */
    static AccessPath choose(TableDef table, Map<Integer, ValueCondition> conditions, Set<Integer> needed, double tableRows) {
        AccessPath best = AccessPath.full(table, tableRows);
        if (conditions.isEmpty()) {
            return best;
        }
        if (!table.hasHiddenRowId()) {
            AccessPath primary = candidate(table, AccessPath.Kind.PRIMARY, null, table.primaryKey(), List.of(), conditions,
                    needed, tableRows);
            if (primary != null && primary.cost() < best.cost()) {
                best = primary;
            }
        }
        // Only PUBLIC indexes: one still being built online may lack rows.
        for (IndexDef index : table.publicIndexes()) {
            AccessPath path = candidate(table, AccessPath.Kind.INDEX, index, index.columns(), index.descending(), conditions,
                    needed, tableRows);
            if (path != null && path.cost() < best.cost()) {
                best = path;
            }
        }
        return best;
    }

    private static AccessPath candidate(TableDef table, AccessPath.Kind kind, IndexDef index, List<Integer> columns,
            List<Boolean> descending, Map<Integer, ValueCondition> conditions, Set<Integer> needed, double tableRows) {
        List<Integer> used = new ArrayList<>();
        List<ValueCondition> parts = new ArrayList<>();
        List<ColumnDomain> domains = new ArrayList<>();
        boolean allPoints = true;
        for (int i = 0; i < columns.size(); i++) {
            int column = columns.get(i);
            ValueCondition condition = conditions.get(column);
            ColumnDomain domain = ColumnDomain.of(table.columns().get(column));
            if (condition == null || domain == null) {
                break;
            }
            boolean points = condition.pointsOnly() && domain.exactKey();
            boolean desc = !descending.isEmpty() && descending.get(i);
            if (desc && !points) {
                break; // ranges over a descending column would need inverted bounds; stop before it
            }
            used.add(column);
            parts.add(condition);
            domains.add(domain);
            if (!points) {
                allPoints = false;
                break;
            }
        }
        if (used.isEmpty()) {
            return null;
        }
        boolean complete = allPoints && used.size() == columns.size();
        double rows;
        double cost;
        boolean covering = false;
        if (kind == AccessPath.Kind.PRIMARY) {
            rows = complete ? 1 : selectivity(used.size(), allPoints) * tableRows;
            cost = rows;
        } else {
            rows = complete && index.unique() ? 1 : selectivity(used.size(), allPoints) * tableRows;
            covering = covers(table, index, needed);
            cost = rows * (covering ? 1 : 2) + 1;
        }
        return new AccessPath(kind, index, used, parts, domains, covering, rows, cost);
    }

    private static double selectivity(int columns, boolean allPoints) {
        double s = Math.pow(POINT_SELECTIVITY, allPoints ? columns : columns - 1);
        return allPoints ? s : s * RANGE_SELECTIVITY;
    }

    /**
     * Whether the index entries hold every needed column exactly as the row stores it: the
     * index's columns, and the primary-key columns of the row key every entry ends with. Floating-point values are not: the index writes -0.0 as 0.0.
     */
    static boolean covers(TableDef table, IndexDef index, Set<Integer> needed) {
        if (needed == null) {
            return false;
        }
        Set<Integer> held = new java.util.HashSet<>(index.columns());
        held.addAll(table.primaryKey()); // every entry ends with the row key
        if (!held.containsAll(needed)) {
            return false;
        }
        for (int column : needed) {
            ColumnDef def = table.columns().get(column);
            boolean exact = switch (def.type()) {
                case REAL, FLOAT, DOUBLE -> false;
                case DECIMAL -> def.scale() >= 0;
                default -> true;
            };
            if (!exact) {
                return false;
            }
        }
        return true;
    }
}
