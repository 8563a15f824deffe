package io.meridian.sql.dialect;

import java.util.List;
import org.apache.calcite.plan.RelOptPlanner;
import org.apache.calcite.plan.RelOptRule;
import org.apache.calcite.plan.RelOptUtil;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.metadata.DefaultRelMetadataProvider;
import org.apache.calcite.rel.rules.CoreRules;
import org.apache.calcite.tools.Program;
import org.apache.calcite.tools.Programs;

/**
 * Calcite's standard optimisation sequence, with distinct EXCEPT and INTERSECT rewritten before
 * cost-based planning (see below), and a query with many joins gets its join
 * order from a heuristic instead of the cost-based planner's exhaustive search. Exploring every
 * order of n joined tables grows exponentially: a ten-table join took seconds to plan. Above
 * {@link #HEURISTIC_JOINS_MIN} joins, inner joins are gathered into one multi-join and ordered
 * greedily by estimated selectivity (Calcite's LoptOptimizeJoinRule), as PostgreSQL switches to
 * its genetic optimiser past geqo_threshold.
 */
public final class JoinOrderProgram {
    /** Queries with at least this many joins are ordered heuristically. */
    static final int HEURISTIC_JOINS_MIN = 4;

    private static final Program STANDARD = Programs.sequence(
            Programs.subQuery(DefaultRelMetadataProvider.INSTANCE),
            Programs.decorrelate(),
            Programs.measure(DefaultRelMetadataProvider.INSTANCE),
            Programs.trim(),
            // EXCEPT and INTERSECT (distinct) as UNION ALL + aggregate + filter: Calcite's own
            // EnumerableMinus/EnumerableIntersect fail to generate code when an input filters on
            // a column it does not return (SELECT a FROM t EXCEPT SELECT a FROM t WHERE b > 3).
            Programs.hep(List.of(CoreRules.MINUS_TO_DISTINCT, CoreRules.INTERSECT_TO_DISTINCT), true,
                    DefaultRelMetadataProvider.INSTANCE),
            JoinOrderProgram::optimize,
            Programs.calc(DefaultRelMetadataProvider.INSTANCE));

    private JoinOrderProgram() {
    }

    public static Program standard() {
        return STANDARD;
    }

    private static RelNode optimize(RelOptPlanner planner, RelNode rel, org.apache.calcite.plan.RelTraitSet requiredTraits,
            List<org.apache.calcite.plan.RelOptMaterialization> materializations,
            List<org.apache.calcite.plan.RelOptLattice> lattices) {
        if (RelOptUtil.countJoins(rel) >= HEURISTIC_JOINS_MIN) {
            List<RelOptRule> rules = List.copyOf(planner.getRules());
            return Programs.heuristicJoinOrder(rules, false, HEURISTIC_JOINS_MIN)
                    .run(planner, rel, requiredTraits, materializations, lattices);
        }
        // The cost-based search over the rules the planner was set up with (Programs.standard's step).
        for (org.apache.calcite.plan.RelOptMaterialization materialization : materializations) {
            planner.addMaterialization(materialization);
        }
        for (org.apache.calcite.plan.RelOptLattice lattice : lattices) {
            planner.addLattice(lattice);
        }
        planner.setRoot(rel);
        RelNode root = rel.getTraitSet().equals(requiredTraits) ? rel : planner.changeTraits(rel, requiredTraits);
        planner.setRoot(root);
        return planner.chooseDelegate().findBestExp();
    }
}
