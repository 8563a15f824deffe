package io.meridian.sql.dialect;

import io.meridian.sql.SqlEngine;
import io.meridian.sql.calcite.MeridianSchema;
import io.meridian.sql.calcite.TableAccess;
import java.util.List;
import java.util.Set;
import org.apache.calcite.DataContext;
import org.apache.calcite.adapter.enumerable.CallImplementor;
import org.apache.calcite.linq4j.tree.Expressions;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.schema.FunctionParameter;
import org.apache.calcite.schema.ImplementableFunction;
import org.apache.calcite.schema.ScalarFunction;
import org.apache.calcite.schema.SchemaPlus;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.validate.SqlUserDefinedFunction;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.sql.SqlBasicFunction;
import org.apache.calcite.sql.SqlFunction;
import org.apache.calcite.sql.SqlFunctionCategory;
import org.apache.calcite.sql.type.OperandTypes;
import org.apache.calcite.sql.type.ReturnTypes;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql2rel.SqlRexConvertlet;
import org.apache.calcite.sql2rel.SqlRexConvertletTable;
import org.apache.calcite.sql2rel.StandardConvertletTable;

/**
 * The session information functions Calcite parses but cannot run, or does not know:
 * {@code CURRENT_SCHEMA} (Calcite has no code generator for it) is the one schema, MERIDIAN;
 * {@code VERSION()} (PostgreSQL, MySQL) is the product and version; {@code CURRENT_USER},
 * {@code SESSION_USER} and {@code USER} are the user the executing session authenticated as.
 * {@code CURRENT_CATALOG} is Calcite's own (the empty string, as in INFORMATION_SCHEMA and JDBC
 * metadata).
 */
public final class SessionFunctions {
    private static final SqlRexConvertlet CURRENT_SCHEMA = (context, call) -> {
        RexBuilder rex = context.getRexBuilder();
        RelDataType type = context.getValidator().getValidatedNodeType(call);
        return rex.makeCast(type, rex.makeLiteral(MeridianSchema.NAME));
    };

    /** {@code VERSION()}: a constant, so it is planned as one and never compiled. */
    static final SqlFunction VERSION = SqlBasicFunction.create("VERSION", ReturnTypes.explicit(SqlTypeName.VARCHAR),
            OperandTypes.NILADIC, SqlFunctionCategory.SYSTEM);

    private static final SqlRexConvertlet VERSION_CONSTANT = (context, call) -> {
        RexBuilder rex = context.getRexBuilder();
        return rex.makeCast(context.getValidator().getValidatedNodeType(call), rex.makeLiteral(SqlEngine.PRODUCT_VERSION));
    };

    /** The length Calcite gives CURRENT_USER's type, VARCHAR(2000). */
    static final int USER_CHARS_MAX = 2_000;

    /**
     * What CURRENT_USER, SESSION_USER and USER become: read at run time from the executing
     * session, never folded into a plan (plans are shared by sessions). Calcite's own versions
     * read the context's "user", which in a statement run through Calcite's JDBC layer is the
     * constant "sa".
     */
    static final SqlFunction SESSION_USER = new SqlUserDefinedFunction(new SqlIdentifier("CURRENT_USER", SqlParserPos.ZERO),
            SqlKind.OTHER_FUNCTION, ReturnTypes.explicit(SqlTypeName.VARCHAR, USER_CHARS_MAX), null,
            OperandTypes.operandMetadata(List.of(), types -> List.of(), i -> "", i -> false), new SessionUser()) {
        @Override
        public boolean isDynamicFunction() {
            return true;
        }

        @Override
        public boolean isDeterministic() {
            return false;
        }
    };

    /**
     * Typed as Calcite types CURRENT_USER (VARCHAR(2000) NOT NULL), not by asking the validator: a
     * bare CURRENT_USER inside an expression reaches here as an expanded call it never saw.
     */
    private static final SqlRexConvertlet SESSION_USER_CALL = (context, call) -> context.getRexBuilder().makeCall(
            context.getTypeFactory().createSqlType(SqlTypeName.VARCHAR, USER_CHARS_MAX), SESSION_USER, List.of());

    private static final Set<SqlOperator> USER_FUNCTIONS = Set.of(SqlStdOperatorTable.CURRENT_USER,
            SqlStdOperatorTable.SESSION_USER, SqlStdOperatorTable.USER);

    /** Calcite's convertlets, with CURRENT_SCHEMA and VERSION() as constants of their validated types. */
    static final SqlRexConvertletTable CONVERTLETS = call -> {
        if (call.getOperator() == SqlStdOperatorTable.CURRENT_SCHEMA) {
            return CURRENT_SCHEMA;
        }
        if (USER_FUNCTIONS.contains(call.getOperator())) {
            return SESSION_USER_CALL;
        }
        if (call.getOperator() == VERSION) {
            return VERSION_CONSTANT;
        }
        return StandardConvertletTable.INSTANCE.get(call);
    };

    private SessionFunctions() {
    }

    /**
     * The user the session running the statement authenticated as. A shared plan's context names
     * the executing session; Calcite's own context (statements it runs, which one session plans
     * and runs) does not, and there the session is the one whose schema the statement reads.
     */
    public static String user(DataContext root) {
        if (root.get(TableAccess.CONTEXT_NAME) instanceof TableAccess running) {
            return running.user();
        }
        SchemaPlus schema = root.getRootSchema() == null ? null : root.getRootSchema().getSubSchema(MeridianSchema.NAME);
        MeridianSchema meridian = schema == null ? null : schema.unwrap(MeridianSchema.class);
        if (meridian == null) {
            throw new IllegalStateException("CURRENT_USER outside a Meridian session");
        }
        return meridian.access().user();
    }

    /** The function behind {@link #SESSION_USER}: its code calls {@link #user} with the statement's context. */
    private static final class SessionUser implements ScalarFunction, ImplementableFunction {
        @Override
        public List<FunctionParameter> getParameters() {
            return List.of();
        }

        @Override
        public RelDataType getReturnType(RelDataTypeFactory typeFactory) {
            return typeFactory.createSqlType(SqlTypeName.VARCHAR, USER_CHARS_MAX);
        }

        @Override
        public CallImplementor getImplementor() {
            return (translator, call, nullAs) -> Expressions.call(SessionFunctions.class, "user", translator.getRoot());
        }
    }
}
