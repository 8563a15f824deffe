package io.meridian.sql.dialect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.calcite.sql.SqlInsert;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.dialect.CalciteSqlDialect;
import org.apache.calcite.sql.parser.SqlParseException;
import org.apache.calcite.sql.parser.SqlParser;
import org.junit.jupiter.api.Test;

class SqlRewriterTest {
    private static SqlNode parse(String sql) throws SqlParseException {
        return SqlParser.create(sql, MeridianPrepare.PARSER_CONFIG).parseStmt();
    }

    private static String unparse(String sql) throws SqlParseException {
        return parse(sql).toSqlString(CalciteSqlDialect.DEFAULT).getSql().replace("\n", " ");
    }

    @Test
    void emptyInListsBecomeConstants() throws SqlParseException {
        assertEquals("SELECT FALSE, TRUE", unparse("SELECT 1 IN (), 1 NOT IN ( )"));
        assertEquals("SELECT * FROM \"T\" WHERE FALSE AND TRUE", unparse("SELECT * FROM t WHERE x in() AND y NOT IN (\n)"));
    }

    @Test
    void emptyParenthesesOutsideInAreLeftAlone() {
        assertEquals("SELECT 'IN ()' FROM t -- IN ()", SqlTextRewriter.emptyInLists("SELECT 'IN ()' FROM t -- IN ()"));
        assertEquals("SELECT \"in\" ()", SqlTextRewriter.emptyInLists("SELECT \"in\" ()"));
        assertEquals("SELECT JOIN_IN()", SqlTextRewriter.emptyInLists("SELECT JOIN_IN()"));
        assertEquals("SELECT /* IN () */ 1", SqlTextRewriter.emptyInLists("SELECT /* IN () */ 1"));
    }

    @Test
    void integerLiteralsInArithmeticAreBigint() throws SqlParseException {
        assertEquals("SELECT CAST(2147483647 AS BIGINT) + CAST(1 AS BIGINT)", unparse("SELECT 2147483647 + 1"));
        assertEquals("SELECT CAST(-74 AS BIGINT) * CAST(-3 AS BIGINT)", unparse("SELECT - 74 * - 3"));
        // Positions, limits, IN lists and plain values keep their literal.
        assertEquals("SELECT \"A\" FROM \"T\" WHERE \"A\" IN (1, 2) ORDER BY 1 FETCH NEXT 5 ROWS ONLY",
                unparse("SELECT a FROM t WHERE a IN (1, 2) ORDER BY 1 LIMIT 5"));
        assertEquals("SELECT 1.5 * 2.5", unparse("SELECT 1.5 * 2.5"));
    }

    @Test
    void nullArithmeticIsTyped() throws SqlParseException {
        assertEquals("SELECT CAST(NULL AS BIGINT)", unparse("SELECT - NULL * 2 / 15 * 31"));
        assertEquals("SELECT CAST(NULL AS REAL)", unparse("SELECT CAST(NULL AS REAL) * 2"));
        assertEquals("SELECT CAST(NULL AS BIGINT) FROM \"T\"", unparse("SELECT NULL / a * 95 FROM t"));
        // An aggregate or a subquery operand keeps the call (and the aggregate); the NULL is typed.
        assertEquals("SELECT COUNT(*) - CAST(NULL AS BIGINT) FROM \"T\"", unparse("SELECT COUNT(*) - NULL FROM t"));
        assertEquals("SELECT (SELECT 1) % CAST(NULL AS BIGINT)", unparse("SELECT (SELECT 1) % NULL"));
    }

    @Test
    void coalesceIsTheCaseSqlDefines() throws SqlParseException {
        assertEquals("SELECT CASE WHEN NOT \"A\" IS NULL THEN \"A\" WHEN NOT \"B\" IS NULL THEN \"B\" ELSE 0 END FROM \"T\"",
                unparse("SELECT COALESCE(a, b, 0) FROM t"));
        assertEquals("SELECT CASE WHEN NOT \"A\" IS NULL THEN \"A\" ELSE 5 END FROM \"T\"", unparse("SELECT IFNULL(a, 5) FROM t"));
        assertEquals("SELECT CASE WHEN NOT \"A\" IS NULL THEN \"A\" ELSE \"B\" END FROM \"T\"",
                unparse("SELECT CASE WHEN a IS NOT NULL THEN a ELSE b END FROM t"));
    }

    @Test
    void replaceIntoIsUpsert() throws SqlParseException {
        assertTrue(((SqlInsert) parse("REPLACE INTO t VALUES (1, 'a')")).isUpsert());
        assertTrue(((SqlInsert) parse("insert or replace into t values (1, 'a')")).isUpsert());
        assertTrue(((SqlInsert) parse("UPSERT INTO t VALUES (1, 'a')")).isUpsert());
        assertEquals(false, ((SqlInsert) parse("INSERT INTO t SELECT * FROM replace_into")).isUpsert());
    }

    @Test
    void explainWithoutPlanForIsExplainPlanFor() throws SqlParseException {
        assertEquals(SqlKind.EXPLAIN, parse("EXPLAIN SELECT * FROM t").getKind());
        assertEquals(SqlKind.EXPLAIN, parse("  explain\n select 1").getKind());
        assertEquals(SqlKind.EXPLAIN, parse("EXPLAIN PLAN FOR SELECT 1").getKind());
        assertEquals("SELECT 'EXPLAIN SELECT'", unparse("SELECT 'EXPLAIN SELECT'"));
    }

    @Test
    void callOfASessionFunctionIsASelect() throws SqlParseException {
        assertEquals("SELECT CURRENT_SCHEMA", unparse("call current_schema"));
        assertEquals("SELECT \"VERSION\"()", unparse("CALL version ( )"));
        assertEquals(SqlKind.PROCEDURE_CALL, parse("CALL my_procedure(1)").getKind());
    }

    /** OR/AND chains become balanced trees of the same operands in the same order. */
    @Test
    void logicalChainsAreBalanced() throws SqlParseException {
        assertEquals("SELECT * FROM \"T\" WHERE \"A\" = 1 OR \"A\" = 2 OR (\"A\" = 3 OR \"A\" = 4)",
                unparse("SELECT * FROM t WHERE a = 1 OR a = 2 OR a = 3 OR a = 4"));
        assertEquals("SELECT * FROM \"T\" WHERE \"A\" = 1 AND (\"B\" = 2 OR \"C\" = 3) AND (\"D\" = 4 AND NOT \"E\")",
                unparse("SELECT * FROM t WHERE a = 1 AND (b = 2 OR c = 3) AND d = 4 AND NOT e"));
        StringBuilder chain = new StringBuilder("SELECT 1 FROM t WHERE a = 0");
        for (int i = 1; i < 3_000; i++) {
            chain.append(" OR a = ").append(i);
        }
        assertEquals(SqlKind.SELECT, parse(chain.toString()).getKind());
    }
}
