package io.meridian.sql.dialect;

import io.meridian.sql.SqlEngine;
import io.meridian.sql.calcite.MeridianSchema;
import org.apache.calcite.rel.type.RelDataType;
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
 * {@code VERSION()} (PostgreSQL, MySQL) is the product and version. {@code CURRENT_USER},
 * {@code SESSION_USER} and {@code CURRENT_CATALOG} are Calcite's own (the catalog is the empty
 * string, as in INFORMATION_SCHEMA and JDBC metadata).
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

    /** Calcite's convertlets, with CURRENT_SCHEMA and VERSION() as constants of their validated types. */
    static final SqlRexConvertletTable CONVERTLETS = call -> {
        if (call.getOperator() == SqlStdOperatorTable.CURRENT_SCHEMA) {
            return CURRENT_SCHEMA;
        }
        if (call.getOperator() == VERSION) {
            return VERSION_CONSTANT;
        }
        return StandardConvertletTable.INSTANCE.get(call);
    };

    private SessionFunctions() {
    }
}
