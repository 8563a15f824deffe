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
 *   <li>Arithmetic with a NULL operand is a typed NULL (BIGINT unless the NULL was cast), unless
 *       another operand holds an aggregate or a subquery ({@code COUNT(*) - NULL} stays an
 *       aggregate; its NULL is typed): Calcite can neither generate code for MOD of an untyped
 *       NULL nor derive the sort order of calls such as {@code NULL / col * 95}.</li>
 *   <li>{@code CASE WHEN e IS NOT NULL THEN e ...} is written {@code CASE WHEN NOT (e IS NULL)
 *       THEN e ...}, and COALESCE (with its two-argument spellings IFNULL and NVL) becomes that
 *       CASE, as SQL defines it. For the first spelling Calcite types the THEN branch NOT NULL, and
 *       its simplifier then drops the null guard when the CASE is compared:
 *       {@code 38 >= COALESCE(c2, c1)} with c2 NULL and c1 67 came out TRUE.</li>
 *   <li>A bare NULL argument of a common numeric function ({@code ABS(NULL)}) is a BIGINT NULL,
 *       and of a string function the string argument is a VARCHAR NULL (the others BIGINT), so the
 *       call returns NULL, as in MySQL and SQLite, instead of failing to compile.</li>
 *   <li>The empty-IN-list marker of {@link SqlTextRewriter} becomes FALSE for IN and TRUE for NOT
 *       IN.</li>
 *   <li>A chain of OR (or of AND) becomes a balanced tree of the same operands in the same order:
 *       the parser builds {@code a OR b OR c ...} left-deep, and Calcite's validator and converter
 *       recurse once per level, so a few hundred terms overflowed the stack. OR and AND are
 *       associative in three-valued logic too, so the result is the same.</li>
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
        if (isLogicalChain(call)) {
            return balanced(call);
        }
        SqlNode visited = super.visit(call);
        if (!(visited instanceof SqlCall rewritten)) {
            return visited;
        }
        SqlKind kind = rewritten.getKind();
        typeNullArguments(rewritten);
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
                if (!hasAggregateOrQuery(rewritten)) {
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

    private static boolean isLogicalChain(SqlCall call) {
        return (call.getKind() == SqlKind.OR || call.getKind() == SqlKind.AND) && call.operandCount() == 2;
    }

    /**
     * The chain's operands (each rewritten) in a balanced tree. The operands are collected without
     * recursion: recursing down a left-deep chain is what overflowed.
     */
    private SqlNode balanced(SqlCall chain) {
        SqlKind kind = chain.getKind();
        List<SqlNode> leaves = new java.util.ArrayList<>();
        java.util.ArrayDeque<SqlNode> pending = new java.util.ArrayDeque<>();
        pending.push(chain);
        while (!pending.isEmpty()) {
            SqlNode node = pending.pop();
            if (node instanceof SqlCall call && call.getKind() == kind && call.operandCount() == 2) {
                pending.push(call.operand(1));
                pending.push(call.operand(0));
            } else {
                leaves.add(node);
            }
        }
        List<SqlNode> rewritten = new java.util.ArrayList<>(leaves.size());
        for (SqlNode leaf : leaves) {
            rewritten.add(leaf == null ? null : leaf.accept(this));
        }
        return tree(chain.getOperator(), rewritten, 0, rewritten.size(), chain.getParserPosition());
    }

    private static SqlNode tree(org.apache.calcite.sql.SqlOperator operator, List<SqlNode> operands, int from, int to,
            SqlParserPos pos) {
        if (to - from == 1) {
            return operands.get(from);
        }
        int middle = (from + to) >>> 1;
        return operator.createCall(pos, tree(operator, operands, from, middle, pos), tree(operator, operands, middle, to, pos));
    }

    private static final Set<String> NUMERIC_FUNCTIONS = Set.of("ABS", "SIGN", "ROUND", "TRUNCATE", "TRUNC", "FLOOR",
            "CEIL", "CEILING", "SQRT", "POWER", "POW", "EXP", "LN", "LOG", "LOG10", "MOD", "DEGREES", "RADIANS", "SIN",
            "COS", "TAN");
    private static final Set<String> STRING_FUNCTIONS = Set.of("UPPER", "LOWER", "SUBSTR", "SUBSTRING", "LENGTH",
            "CHAR_LENGTH", "CHARACTER_LENGTH", "REPLACE", "INSTR", "LPAD", "RPAD", "REVERSE", "LEFT", "RIGHT", "LTRIM",
            "RTRIM");

    private static void typeNullArguments(SqlCall call) {
        if (!(call.getOperator() instanceof org.apache.calcite.sql.SqlFunction)) {
            return;
        }
        String name = call.getOperator().getName().toUpperCase(java.util.Locale.ROOT);
        boolean numeric = NUMERIC_FUNCTIONS.contains(name);
        boolean string = STRING_FUNCTIONS.contains(name);
        if (!numeric && !string) {
            return;
        }
        for (int i = 0; i < call.operandCount(); i++) {
            if (call.operand(i) instanceof SqlLiteral literal && literal.getTypeName() == SqlTypeName.NULL) {
                SqlParserPos pos = literal.getParserPosition();
                SqlTypeName type = string && i == 0 ? SqlTypeName.VARCHAR : SqlTypeName.BIGINT;
                call.setOperand(i, SqlStdOperatorTable.CAST.createCall(pos, literal,
                        new SqlDataTypeSpec(new SqlBasicTypeNameSpec(type, pos), pos)));
            }
        }
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

    private static final Set<String> AGGREGATES = Set.of("COUNT", "SUM", "MIN", "MAX", "AVG", "EVERY", "SOME", "ANY",
            "ANY_VALUE", "STDDEV", "STDDEV_POP", "STDDEV_SAMP", "VARIANCE", "VAR_POP", "VAR_SAMP", "BIT_AND", "BIT_OR",
            "GROUP_CONCAT", "STRING_AGG", "LISTAGG", "ARRAY_AGG", "BOOL_AND", "BOOL_OR", "TOTAL");

    /** Whether evaluating the node involves an aggregate, a window or a subquery. */
    private static boolean hasAggregateOrQuery(SqlNode node) {
        if (!(node instanceof SqlCall call)) {
            return false;
        }
        if (call.getKind() == SqlKind.OVER || call.getKind().belongsTo(SqlKind.QUERY) || call.getOperator().isAggregator()
                || AGGREGATES.contains(call.getOperator().getName().toUpperCase(java.util.Locale.ROOT))) {
            return true;
        }
        for (SqlNode operand : call.getOperandList()) {
            if (hasAggregateOrQuery(operand)) {
                return true;
            }
        }
        return false;
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
