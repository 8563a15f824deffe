package io.meridian.sql.plan;

import java.util.List;
import org.apache.calcite.DataContext;
import org.apache.calcite.adapter.java.JavaTypeFactory;
import org.apache.calcite.linq4j.QueryProvider;
import org.apache.calcite.linq4j.function.Function1;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexCorrelVariable;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexOver;
import org.apache.calcite.rex.RexSubQuery;
import org.apache.calcite.rex.RexUtil;
import org.apache.calcite.rex.RexVisitorImpl;
import org.apache.calcite.rex.RexExecutorImpl;
import org.apache.calcite.schema.SchemaPlus;

/**
 * A filter condition the scan evaluates on each row it reads, compiled once per plan by
 * Calcite's code generator (the same code the gateway would run), so a limit or partial
 * aggregate in the scan applies to the filtered rows. Row fields arrive as the scan returns them.
 */
final class ScanFilter {
    private static final String ROW = "inputRecord";
    private final Function1<DataContext, Object[]> compiled;

    ScanFilter(RexBuilder rexBuilder, RexNode condition, RelDataType rowType) {
        this.compiled = RexExecutorImpl.getExecutable(rexBuilder, List.of(condition), rowType).getFunction();
    }

    /** Whether a condition can run inside a scan: no subquery, window or correlation to outer rows. */
    static boolean evaluable(RexNode condition) {
        try {
            condition.accept(new RexVisitorImpl<Void>(true) {
                @Override
                public Void visitSubQuery(RexSubQuery subQuery) {
                    throw new IllegalArgumentException();
                }

                @Override
                public Void visitOver(RexOver over) {
                    throw new IllegalArgumentException();
                }

                @Override
                public Void visitCorrelVariable(RexCorrelVariable variable) {
                    throw new IllegalArgumentException();
                }
            });
        } catch (IllegalArgumentException e) {
            return false;
        }
        return RexUtil.isDeterministic(condition);
    }

    /** A per-execution evaluator: the statement's parameters come from {@code statement}. */
    Evaluator evaluator(DataContext statement) {
        return new Evaluator(statement);
    }

    /** Tests rows of one execution; not thread-safe. */
    final class Evaluator implements DataContext {
        private final DataContext statement;
        private Object[] row;

        private Evaluator(DataContext statement) {
            this.statement = statement;
        }

        /** SQL's WHERE: only TRUE passes (FALSE and UNKNOWN do not). */
        boolean accepts(Object[] fields) {
            row = fields;
            return Boolean.TRUE.equals(compiled.apply(this)[0]);
        }

        @Override
        public Object get(String name) {
            return ROW.equals(name) ? row : statement.get(name);
        }

        @Override
        public SchemaPlus getRootSchema() {
            return statement.getRootSchema();
        }

        @Override
        public JavaTypeFactory getTypeFactory() {
            return statement.getTypeFactory();
        }

        @Override
        public QueryProvider getQueryProvider() {
            return statement.getQueryProvider();
        }
    }
}
