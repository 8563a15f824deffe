package io.meridian.sql.dialect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.calcite.DataContext;
import org.apache.calcite.jdbc.CalciteConnection;
import org.apache.calcite.linq4j.Enumerable;
import org.apache.calcite.linq4j.Linq4j;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.schema.ScannableTable;
import org.apache.calcite.schema.impl.AbstractSchema;
import org.apache.calcite.schema.impl.AbstractTable;
import org.apache.calcite.sql.type.SqlTypeName;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Meridian's SQL dialect end to end through Calcite, over a small in-memory table. */
class DialectTest {
    private Connection connection;

    /** T(A INTEGER, B INTEGER, S VARCHAR): (97, 1, 'x'), (15, 81, NULL), (NULL, 5, 'yy'), (87, 21, 'z'). */
    private static final class Rows extends AbstractTable implements ScannableTable {
        @Override
        public RelDataType getRowType(RelDataTypeFactory f) {
            return f.builder().add("A", f.createTypeWithNullability(f.createSqlType(SqlTypeName.INTEGER), true))
                    .add("B", f.createTypeWithNullability(f.createSqlType(SqlTypeName.INTEGER), true))
                    .add("S", f.createTypeWithNullability(f.createSqlType(SqlTypeName.VARCHAR), true)).build();
        }

        @Override
        public Enumerable<Object[]> scan(DataContext root) {
            return Linq4j.asEnumerable(List.of(new Object[] {97, 1, "x"}, new Object[] {15, 81, null},
                    new Object[] {null, 5, "yy"}, new Object[] {87, 21, "z"}));
        }
    }

    @BeforeEach
    void connect() throws SQLException {
        Properties info = new Properties();
        info.setProperty("defaultNullCollation", "LOW");
        info.setProperty("typeSystem", MeridianTypeSystem.class.getName() + "#INSTANCE");
        connection = new org.apache.calcite.jdbc.Driver().withPrepareFactory(MeridianPrepare::create).connect("jdbc:calcite:", info);
        CalciteConnection calcite = connection.unwrap(CalciteConnection.class);
        AbstractSchema schema = new AbstractSchema() {
            @Override
            protected java.util.Map<String, org.apache.calcite.schema.Table> getTableMap() {
                return java.util.Map.of("T", new Rows());
            }
        };
        calcite.getRootSchema().add("S", schema);
        calcite.setSchema("S");
    }

    @AfterEach
    void close() throws SQLException {
        connection.close();
    }

    private List<String> rows(String sql) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            int width = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                StringBuilder row = new StringBuilder();
                for (int i = 1; i <= width; i++) {
                    row.append(i > 1 ? "|" : "").append(rs.getString(i));
                }
                out.add(row.toString());
            }
        }
        return out;
    }

    @Test
    void averagesOfIntegersAreNotTruncated() throws SQLException {
        assertEquals(List.of("66.33333333333333"), rows("SELECT AVG(a) FROM t"));
        assertEquals(List.of("199|4"), rows("SELECT SUM(a), COUNT(*) FROM t"));
    }

    @Test
    void integerDivisionTruncatesTowardZero() throws SQLException {
        assertEquals(List.of("2|-2|2|-2|true"), rows("SELECT 10 / 4, -10 / 4, 10 % 4, -10 % 4, 10.0 / 4 = 2.5"));
    }

    @Test
    void decimalsKeepTheirFraction() throws SQLException {
        // A common type of BIGINT and DECIMAL(4, 2) needs 21 digits; division keeps 16+ of scale.
        assertEquals(List.of("true|true"), rows("SELECT CASE WHEN a IS NULL THEN 1 + 1 ELSE 99.48 END = 99.48, "
                + "18.05 / 33 * 1000 > 546.9696 FROM t WHERE a = 15"));
    }

    @Test
    void integerArithmeticIs64BitAndChecked() throws SQLException {
        assertEquals(List.of("2147483648|3275071800"), rows("SELECT 2147483647 + 1, 82 * 95 * 77 * 91 * 60"));
        // Constant folding or execution: either way the cause is an overflow, which the session maps to 22003.
        Throwable overflow = assertThrows(Throwable.class, () -> rows("SELECT 9223372036854775807 + 1"));
        assertEquals(ArithmeticException.class, rootCause(overflow).getClass());
    }

    @Test
    void nullsSortLow() throws SQLException {
        assertEquals(List.of("null", "15", "87", "97"), rows("SELECT a FROM t ORDER BY a"));
        assertEquals(List.of("97", "87", "15", "null"), rows("SELECT a FROM t ORDER BY a DESC"));
        assertEquals(List.of("15", "87", "97", "null"), rows("SELECT a FROM t ORDER BY a NULLS LAST"));
    }

    @Test
    void caseOverStringsIsNotPadded() throws SQLException {
        assertEquals(List.of("big", "small", "null", "big"),
                rows("SELECT CASE WHEN a > 50 THEN 'big' WHEN a IS NULL THEN NULL ELSE 'small' END FROM t"));
    }

    @Test
    void groupByAliasAndPosition() throws SQLException {
        assertEquals(List.of("null|1", "96|1", "98|1", "108|1"),
                rows("SELECT a + b AS total, COUNT(*) FROM t GROUP BY total ORDER BY total"));
        // A real column wins over an alias of the same name, as the standard reads GROUP BY.
        assertThrows(SQLException.class, () -> rows("SELECT a + b AS s FROM t GROUP BY s"));
        assertEquals(List.of("1|1", "5|1", "21|1", "81|1"), rows("SELECT b, COUNT(*) FROM t GROUP BY 1 ORDER BY 1"));
    }

    @Test
    void commonFunctionsAndTypeNames() throws SQLException {
        assertEquals(List.of("5|3|hello|2|12|x"),
                rows("SELECT IFNULL(NULL, 5), LENGTH('abc'), LOWER('HELLO'), NVL(NULL, 2), CAST(12 AS VARCHAR), "
                        + "COALESCE(NULL, 'x')"));
        assertEquals(List.of("x"), rows("SELECT s FROM t WHERE a != 15 AND a <> 87 AND s IS NOT NULL"));
    }

    @Test
    void comparedCoalesceKeepsItsNullGuard() throws SQLException {
        // Row (NULL, 5): COALESCE(a, b) is 5, so 38 >= 5 holds; row (15, 81): 38 >= 15 holds.
        assertEquals(List.of("5", "81"), rows("SELECT b FROM t WHERE 38 >= COALESCE(a, b) ORDER BY b"));
        assertEquals(List.of("1", "21"), rows("SELECT b FROM t WHERE 38 < CASE WHEN a IS NOT NULL THEN a ELSE b END "
                + "ORDER BY b"));
    }

    @Test
    void arithmeticWithNull() throws SQLException {
        assertEquals(List.of("null|null|null"), rows("SELECT 85 % NULL, - NULL * 2 / 15 * 31, MAX(a) - NULL FROM t"));
        assertEquals(List.of("null"), rows("SELECT COUNT(*) - NULL FROM t"));
    }

    @Test
    void exceptAndIntersectFilteringOnColumnsTheyDoNotReturn() throws SQLException {
        assertEquals(List.of("15", "97"), rows("SELECT a FROM t WHERE a IS NOT NULL EXCEPT SELECT a FROM t WHERE b = 21 ORDER BY 1"));
        assertEquals(List.of("87"), rows("SELECT a FROM t INTERSECT SELECT a FROM t WHERE b > 20 AND b < 30"));
    }

    @Test
    void nullArgumentsOfFunctions() throws SQLException {
        assertEquals(List.of("null|null|null|null"), rows("SELECT ABS(NULL), UPPER(NULL), ROUND(NULL, 1), LENGTH(NULL)"));
    }

    @Test
    void manyJoinsUseTheHeuristicOrderAndStayCorrect() throws SQLException {
        // Seven copies of T joined on a chain: past JoinOrderProgram.HEURISTIC_JOINS_MIN joins.
        StringBuilder sql = new StringBuilder("SELECT t1.a FROM t AS t1");
        for (int i = 2; i <= 7; i++) {
            sql.append(" JOIN t AS t").append(i).append(" ON t").append(i - 1).append(".b = t").append(i).append(".b");
        }
        sql.append(" WHERE t7.s = 'z'");
        assertEquals(List.of("87"), rows(sql.toString()));
    }

    @Test
    void emptyInList() throws SQLException {
        assertEquals(List.of("false|true|false"), rows("SELECT 1 IN (), 1 NOT IN (), NULL IN ()"));
        assertEquals(List.of(), rows("SELECT a FROM t WHERE a IN ()"));
    }

    private static Throwable rootCause(Throwable t) {
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }
}
