package io.meridian.sql.dialect;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.lang.reflect.Type;
import java.util.List;
import org.apache.calcite.adapter.enumerable.EnumerableConvention;
import org.apache.calcite.adapter.enumerable.EnumerableRel;
import org.apache.calcite.adapter.java.JavaTypeFactory;
import org.apache.calcite.config.CalciteConnectionConfig;
import org.apache.calcite.interpreter.BindableConvention;
import org.apache.calcite.plan.Convention;
import org.apache.calcite.plan.RelOptPlanner;
import org.apache.calcite.plan.RelOptCostFactory;
import io.meridian.sql.plan.ScanRules;
import org.apache.calcite.prepare.CalciteCatalogReader;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.tools.Program;
import org.apache.calcite.config.NullCollation;
import org.apache.calcite.jdbc.CalcitePrepare;
import org.apache.calcite.prepare.CalcitePrepareImpl;
import org.apache.calcite.sql.SqlOperatorTable;
import org.apache.calcite.sql.fun.SqlLibrary;
import org.apache.calcite.sql.parser.SqlParser;
import org.apache.calcite.sql.fun.SqlLibraryOperatorTableFactory;
import org.apache.calcite.sql.fun.SqlLibraryOperators;
import org.apache.calcite.sql.util.SqlOperatorTables;

/**
 * Calcite's statement preparation with Meridian's dialect: every statement is parsed by
 * {@link MeridianParserImpl} and validated under {@link MeridianConformance}, with NULL sorting
 * low and the function library below. Calcite only takes a built-in conformance through connection
 * properties, so the preparation context's configuration is wrapped instead.
 *
 * <p>NULL sorts low (first in ascending order, last in descending), as in SQLite, MySQL and SQL
 * Server, and as Meridian's key encoding orders NULL before every value, so an index or
 * primary-key scan delivers rows in ORDER BY order.
 */
public final class MeridianPrepare extends CalcitePrepareImpl {
    /** Standard SQL plus the common string/math functions of PostgreSQL and MySQL (LENGTH, IFNULL...). */
    static final List<SqlLibrary> LIBRARIES = List.of(SqlLibrary.STANDARD, SqlLibrary.POSTGRESQL, SqlLibrary.MYSQL);
    /** IFNULL (MySQL, SQLite) and NVL (Oracle) are COALESCE of two; Calcite files them under other libraries. */
    private static final SqlOperatorTable OPERATORS = SqlOperatorTables.chain(
            SqlLibraryOperatorTableFactory.INSTANCE.getOperatorTable(LIBRARIES),
            SqlOperatorTables.of(SqlLibraryOperators.IFNULL, SqlLibraryOperators.NVL, SessionFunctions.VERSION));

    /**
     * Longer IN lists become a join with VALUES (Calcite's default turns lists of 20 or more into
     * one, which no scan can use as key ranges); up to this many stay a predicate, bounded so the
     * generated code of a predicate on a non-key column stays within a Java method's size.
     */
    public static final int IN_LIST_VALUES_MAX = 500;

    /** How every statement and view definition is read: by {@link MeridianParserImpl}, under our conformance. */
    public static final SqlParser.Config PARSER_CONFIG = SqlParser.config().withParserFactory(MeridianParserImpl.FACTORY)
            .withConformance(MeridianConformance.INSTANCE);

    @Override
    protected SqlParser.Config parserConfig() {
        return PARSER_CONFIG;
    }

    @Override
    protected SqlParser createParser(String sql) {
        return createParser(sql, PARSER_CONFIG);
    }

    /** Calcite's convertlets, plus CURRENT_SCHEMA, which Calcite parses but cannot run. */
    @Override
    protected org.apache.calcite.sql2rel.SqlRexConvertletTable createConvertletTable() {
        return SessionFunctions.CONVERTLETS;
    }

    /** Calcite's planner with the rules that push filters and projections into Meridian's scans. */
    @Override
    protected RelOptPlanner createPlanner(Context prepareContext, org.apache.calcite.plan.Context externalContext,
            RelOptCostFactory costFactory) {
        RelOptPlanner planner = super.createPlanner(prepareContext, externalContext, costFactory);
        ScanRules.register(planner);
        return planner;
    }

    /** Calcite's preparation, with the join-order-aware optimisation program. */
    @Override
    protected CalcitePreparingStmt getPreparingStmt(Context context, Type elementType, CalciteCatalogReader catalogReader,
            RelOptPlanner planner) {
        JavaTypeFactory typeFactory = context.getTypeFactory();
        EnumerableRel.Prefer prefer = elementType == Object[].class ? EnumerableRel.Prefer.ARRAY : EnumerableRel.Prefer.CUSTOM;
        Convention convention = enableBindable ? BindableConvention.INSTANCE : EnumerableConvention.INSTANCE;
        return new CalcitePreparingStmt(this, context, catalogReader, typeFactory, context.getRootSchema(), prefer,
                createCluster(planner, new RexBuilder(typeFactory)), convention, createConvertletTable()) {
            @Override
            protected Program getProgram() {
                return JoinOrderProgram.standard();
            }

            /** IN lists up to {@link #IN_LIST_VALUES_MAX} stay predicates, which scans turn into key ranges. */
            @Override
            protected org.apache.calcite.sql2rel.SqlToRelConverter getSqlToRelConverter(
                    org.apache.calcite.sql.validate.SqlValidator validator, org.apache.calcite.prepare.Prepare.CatalogReader reader,
                    org.apache.calcite.sql2rel.SqlToRelConverter.Config config) {
                return super.getSqlToRelConverter(validator, reader, config.withInSubQueryThreshold(IN_LIST_VALUES_MAX));
            }
        };
    }

    @Override
    public <T> CalciteSignature<T> prepareSql(Context context, Query<T> query, Type elementType, long maxRowCount) {
        return super.prepareSql(dialect(context), query, elementType, maxRowCount);
    }

    @Override
    public AnalyzeViewResult analyzeView(Context context, String sql, boolean fail) {
        return super.analyzeView(dialect(context), sql, fail);
    }

    @Override
    public ParseResult parse(Context context, String sql) {
        return super.parse(dialect(context), sql);
    }

    /** The context with Meridian's dialect; wrapping twice is harmless. */
    public static Context dialect(Context context) {
        if (Proxy.isProxyClass(context.getClass()) && Proxy.getInvocationHandler(context) instanceof DialectContext) {
            return context;
        }
        CalciteConnectionConfig config = (CalciteConnectionConfig) Proxy.newProxyInstance(
                CalciteConnectionConfig.class.getClassLoader(), new Class<?>[] {CalciteConnectionConfig.class},
                new DialectConfig(context.config()));
        return (Context) Proxy.newProxyInstance(Context.class.getClassLoader(), new Class<?>[] {Context.class},
                new DialectContext(context, config));
    }

    private static Object delegate(Object target, Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    private record DialectContext(Context delegate, CalciteConnectionConfig config) implements InvocationHandler {
        @Override
        public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
            if (method.getName().equals("config") && method.getParameterCount() == 0) {
                return config;
            }
            return MeridianPrepare.delegate(delegate, method, args);
        }
    }

    private record DialectConfig(CalciteConnectionConfig delegate) implements InvocationHandler {
        @Override
        public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
            switch (method.getName()) {
                case "conformance":
                    return MeridianConformance.INSTANCE;
                case "defaultNullCollation":
                    return NullCollation.LOW;
                case "parserFactory":
                    return MeridianParserImpl.FACTORY;
                case "fun":
                    return ((Class<?>) args[0]).cast(OPERATORS);
                default:
                    return MeridianPrepare.delegate(delegate, method, args);
            }
        }
    }

    /** The Calcite prepare factory a session's connection uses. */
    public static CalcitePrepare create() {
        return new MeridianPrepare();
    }
}
