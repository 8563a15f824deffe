package io.meridian.sql.dialect;

import java.util.Set;
import org.apache.calcite.sql.SqlBasicTypeNameSpec;
import org.apache.calcite.sql.SqlCall;
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
        if ((kind == SqlKind.IN || kind == SqlKind.NOT_IN) && isEmptyListMarker(rewritten.operand(1))) {
            return SqlLiteral.createBoolean(kind == SqlKind.NOT_IN, rewritten.getParserPosition());
        }
        if (ARITHMETIC.contains(kind)) {
            for (int i = 0; i < rewritten.operandCount(); i++) {
                SqlNode operand = rewritten.operand(i);
                if (isInt32Literal(operand)) {
                    rewritten.setOperand(i, asBigint(operand));
                }
            }
        }
        return rewritten;
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
