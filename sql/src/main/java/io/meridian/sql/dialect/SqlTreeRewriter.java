package io.meridian.sql.dialect;

import java.util.List;
import java.util.Set;
import org.apache.calcite.sql.SqlBasicTypeNameSpec;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.fun.SqlCase;
import org.apache.calcite.sql.SqlDataTypeSpec;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlNumericLiteral;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.sql.util.SqlShuttle;

/**
 * Rewrites of the parse tree, applied to every statement before validation:
 *
 * <ul>
 *   <li>Integer arithmetic is 64-bit: an integer literal that is an operand of {@code + - * / %}
 *       is typed BIGINT (as MySQL computes integer arithmetic in BIGINT, and SQLite has only 64-bit
 *       integers), so {@code 2147483647 + 1} is 2147483648 and not an overflow. Literals anywhere
 *       else (ORDER BY 1, LIMIT 5, IN lists, VALUES rows) keep their type.</li>
 *   <li>A NULL operand of arithmetic is typed (BIGINT unless cast), and constant arithmetic with a
 *       NULL operand, such as {@code - NULL * 2 / 15}, is that typed NULL: Calcite can neither
 *       generate code for MOD of an untyped NULL nor derive the sort order of such calls.</li>
 *   <li>{@code CASE WHEN e IS NOT NULL THEN e ...} is written {@code CASE WHEN NOT (e IS NULL)
 *       THEN e ...}, and COALESCE (with its two-argument spellings IFNULL and NVL) becomes that
 *       CASE, as SQL defines it. For the first spelling Calcite types the THEN branch NOT NULL, and
 *       its simplifier then drops the null guard when the CASE is compared:
 *       {@code 38 >= COALESCE(c2, c1)} with c2 NULL and c1 67 came out TRUE.</li>
 *   <li>The empty-IN-list marker of {@link SqlTextRewriter} becomes FALSE for IN and TRUE for NOT
 *       IN.</li>
 * </ul>
 */
public final class SqlTreeRewriter extends SqlShuttle {
    private static final Set<SqlKind> ARITHMETIC = Set.of(SqlKind.PLUS, SqlKind.MINUS, SqlKind.TIMES, SqlKind.DIVIDE,
            SqlKind.MOD, SqlKind.MINUS_PREFIX, SqlKind.PLUS_PREFIX);

    private static final SqlTreeRewriter INSTANCE = new SqlTreeRewriter();

    private SqlTreeRewriter() {
    }

    public static SqlNode rewrite(SqlNode node) {
        return node == null ? null : node.accept(INSTANCE);
    }

    @Override
    public SqlNode visit(SqlCall call) {
        SqlNode visited = super.visit(call);
        if (!(visited instanceof SqlCall rewritten)) {
            return visited;
        }
        SqlKind kind = rewritten.getKind();
        if (isCoalesce(rewritten)) {
            return asCase(rewritten);
        }
        if (rewritten instanceof SqlCase sqlCase) {
            unguardWhens(sqlCase);
        }
        if ((kind == SqlKind.IN || kind == SqlKind.NOT_IN) && isEmptyListMarker(rewritten.operand(1))) {
            return SqlLiteral.createBoolean(kind == SqlKind.NOT_IN, rewritten.getParserPosition());
        }
        if (ARITHMETIC.contains(kind)) {
            boolean hasNull = false;
            for (int i = 0; i < rewritten.operandCount(); i++) {
                if (isNull(rewritten.operand(i))) {
                    hasNull = true;
                }
            }
            if (hasNull) {
                if (isConstant(rewritten)) {
                    return typedNull(rewritten);
                }
                for (int i = 0; i < rewritten.operandCount(); i++) {
                    if (rewritten.operand(i) instanceof SqlLiteral literal && literal.getTypeName() == SqlTypeName.NULL) {
                        rewritten.setOperand(i, typedNull(rewritten));
                    }
                }
            }
            for (int i = 0; i < rewritten.operandCount(); i++) {
                SqlNode operand = rewritten.operand(i);
                if (isInt32Literal(operand)) {
                    rewritten.setOperand(i, asBigint(operand));
                }
            }
        }
        return rewritten;
    }

    /** COALESCE, IFNULL or NVL: the parser leaves them unresolved functions, known by name. */
    private static boolean isCoalesce(SqlCall call) {
        if (!(call.getOperator() instanceof org.apache.calcite.sql.SqlFunction) || call.getFunctionQuantifier() != null) {
            return false;
        }
        String name = call.getOperator().getName();
        if (name.equalsIgnoreCase("COALESCE")) {
            return call.operandCount() >= 2;
        }
        return call.operandCount() == 2 && (name.equalsIgnoreCase("IFNULL") || name.equalsIgnoreCase("NVL"));
    }

    private static SqlNode asCase(SqlCall coalesce) {
        SqlParserPos pos = coalesce.getParserPosition();
        // A NULL literal never supplies the value: COALESCE(NULL, x) is COALESCE(x), which is x.
        List<SqlNode> operands = coalesce.getOperandList().stream()
                .filter(o -> !(o instanceof SqlLiteral literal && literal.getTypeName() == SqlTypeName.NULL)).toList();
        if (operands.isEmpty()) {
            return SqlLiteral.createNull(pos);
        }
        if (operands.size() == 1) {
            return operands.get(0);
        }
        SqlNodeList whens = new SqlNodeList(pos);
        SqlNodeList thens = new SqlNodeList(pos);
        for (SqlNode operand : operands.subList(0, operands.size() - 1)) {
            whens.add(isNotNull(operand, pos));
            thens.add(operand);
        }
        return new SqlCase(pos, null, whens, thens, operands.get(operands.size() - 1));
    }

    private static SqlNode isNotNull(SqlNode operand, SqlParserPos pos) {
        return SqlStdOperatorTable.NOT.createCall(pos, SqlStdOperatorTable.IS_NULL.createCall(pos, operand));
    }

    private static void unguardWhens(SqlCase sqlCase) {
        SqlNodeList whens = sqlCase.getWhenOperands();
        for (int i = 0; i < whens.size(); i++) {
            if (whens.get(i) instanceof SqlCall when && when.getKind() == SqlKind.IS_NOT_NULL) {
                whens.set(i, isNotNull(when.operand(0), when.getParserPosition()));
            }
        }
    }

    /** Literals, casts of literals and arithmetic over them: no columns, functions or subqueries. */
    private static boolean isConstant(SqlNode node) {
        if (node instanceof SqlLiteral) {
            return true;
        }
        if (!(node instanceof SqlCall call) || !(ARITHMETIC.contains(call.getKind()) || call.getKind() == SqlKind.CAST)) {
            return false;
        }
        for (SqlNode operand : call.getOperandList()) {
            if (!(operand instanceof SqlDataTypeSpec) && !isConstant(operand)) {
                return false;
            }
        }
        return true;
    }

    /** A NULL literal, or a NULL cast to a type. */
    private static boolean isNull(SqlNode node) {
        if (node instanceof SqlLiteral literal && literal.getTypeName() == SqlTypeName.NULL) {
            return true;
        }
        return node instanceof SqlCall call && call.getKind() == SqlKind.CAST && isNull(call.operand(0));
    }

    /** NULL of the type one of the call's operands was cast to, or BIGINT. */
    private static SqlNode typedNull(SqlCall call) {
        SqlParserPos pos = call.getParserPosition();
        SqlDataTypeSpec type = new SqlDataTypeSpec(new SqlBasicTypeNameSpec(SqlTypeName.BIGINT, pos), pos);
        for (SqlNode operand : call.getOperandList()) {
            if (operand instanceof SqlCall cast && cast.getKind() == SqlKind.CAST && isNull(operand)) {
                type = (SqlDataTypeSpec) cast.operand(1);
            }
        }
        return SqlStdOperatorTable.CAST.createCall(pos, SqlLiteral.createNull(pos), type);
    }

    private static boolean isEmptyListMarker(SqlNode node) {
        return node instanceof SqlNodeList list && list.size() == 1 && list.get(0) instanceof SqlIdentifier id
                && id.isSimple() && id.getSimple().equals(SqlTextRewriter.EMPTY_LIST_MARKER);
    }

    private static boolean isInt32Literal(SqlNode node) {
        if (!(node instanceof SqlNumericLiteral literal) || !literal.isExact() || !literal.isInteger()) {
            return false;
        }
        java.math.BigDecimal value = literal.getValueAs(java.math.BigDecimal.class);
        return value.compareTo(java.math.BigDecimal.valueOf(Integer.MIN_VALUE)) >= 0
                && value.compareTo(java.math.BigDecimal.valueOf(Integer.MAX_VALUE)) <= 0;
    }

    private static SqlNode asBigint(SqlNode literal) {
        SqlParserPos pos = literal.getParserPosition();
        SqlDataTypeSpec bigint = new SqlDataTypeSpec(new SqlBasicTypeNameSpec(SqlTypeName.BIGINT, pos), pos);
        return SqlStdOperatorTable.CAST.createCall(pos, literal, bigint);
    }
}
