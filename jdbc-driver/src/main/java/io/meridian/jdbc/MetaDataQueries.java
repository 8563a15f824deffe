package io.meridian.jdbc;

import java.util.List;

/**
 * The SQL that DatabaseMetaData runs over INFORMATION_SCHEMA, one query per method, shaped and
 * typed as the JDBC javadoc describes its result. Arguments become filters through {@link Where}.
 */
final class MetaDataQueries {
    private MetaDataQueries() {
    }

    /** JDBC's "without a catalog" is Meridian's only catalog, stored as ''. */
    static final String NO_CATALOG = "CAST(NULL AS VARCHAR)";

    /** Where-clause builder: JDBC patterns become LIKE with backslash escapes, names equality. */
    static final class Where {
        private final StringBuilder sql = new StringBuilder();

        Where catalog(String column, String catalog) {
            return catalog == null ? this : add(column + " = " + literal(catalog));
        }

        Where like(String column, String pattern) {
            if (pattern == null || pattern.equals("%")) {
                return this;
            }
            return add(column + " LIKE " + literal(pattern) + " ESCAPE '\\'");
        }

        Where equal(String column, String value) {
            return value == null ? this : add(column + " = " + literal(value));
        }

        Where in(String column, List<String> values) {
            if (values == null) {
                return this;
            }
            if (values.isEmpty()) {
                return add("1 = 0");
            }
            StringBuilder list = new StringBuilder();
            for (String value : values) {
                list.append(list.length() > 0 ? ", " : "").append(literal(value));
            }
            return add(column + " IN (" + list + ")");
        }

        Where add(String condition) {
            sql.append(sql.length() == 0 ? " WHERE " : " AND ").append(condition);
            return this;
        }

        @Override
        public String toString() {
            return sql.toString();
        }
    }

    /** A string literal: standard SQL has no backslash escapes, only doubled quotes. */
    static String literal(String value) {
        return "'" + value.replace("'", "''") + "'";
    }

    static final String TABLES = "SELECT " + NO_CATALOG + " AS TABLE_CAT, TABLE_SCHEMA AS TABLE_SCHEM, TABLE_NAME,"
            + " CAST(CASE TABLE_TYPE WHEN 'BASE TABLE' THEN 'TABLE' WHEN 'SYSTEM VIEW' THEN 'SYSTEM TABLE'"
            + " ELSE TABLE_TYPE END AS VARCHAR) AS TABLE_TYPE, CAST(NULL AS VARCHAR) AS REMARKS,"
            + " CAST(NULL AS VARCHAR) AS TYPE_CAT, CAST(NULL AS VARCHAR) AS TYPE_SCHEM, CAST(NULL AS VARCHAR) AS TYPE_NAME,"
            + " CAST(NULL AS VARCHAR) AS SELF_REFERENCING_COL_NAME, CAST(NULL AS VARCHAR) AS REF_GENERATION"
            + " FROM INFORMATION_SCHEMA.TABLES";
    static final String TABLES_ORDER = " ORDER BY TABLE_TYPE, TABLE_SCHEM, TABLE_NAME";

    /** COLUMN_SIZE per the javadoc: characters for text, digits (or bits) for numbers, string length for datetimes. */
    private static final String COLUMN_SIZE = "CASE WHEN CHARACTER_MAXIMUM_LENGTH IS NOT NULL THEN CHARACTER_MAXIMUM_LENGTH"
            + " WHEN NUMERIC_PRECISION IS NOT NULL THEN NUMERIC_PRECISION WHEN DATA_TYPE = 'DATE' THEN 10"
            + " WHEN DATA_TYPE = 'TIME' THEN 8 WHEN DATA_TYPE = 'TIMESTAMP' THEN 23 WHEN DATA_TYPE = 'BOOLEAN' THEN 1"
            + " ELSE 2147483647 END";

    static final String COLUMNS = "SELECT " + NO_CATALOG + " AS TABLE_CAT, TABLE_SCHEMA AS TABLE_SCHEM, TABLE_NAME,"
            + " COLUMN_NAME, JDBC_DATA_TYPE AS DATA_TYPE, DATA_TYPE AS TYPE_NAME, " + COLUMN_SIZE + " AS COLUMN_SIZE,"
            + " CAST(NULL AS INTEGER) AS BUFFER_LENGTH, NUMERIC_SCALE AS DECIMAL_DIGITS,"
            + " NUMERIC_PRECISION_RADIX AS NUM_PREC_RADIX, CASE IS_NULLABLE WHEN 'YES' THEN 1 ELSE 0 END AS NULLABLE,"
            + " CAST(NULL AS VARCHAR) AS REMARKS, COLUMN_DEFAULT AS COLUMN_DEF, CAST(NULL AS INTEGER) AS SQL_DATA_TYPE,"
            + " CAST(NULL AS INTEGER) AS SQL_DATETIME_SUB,"
            // UTF-8 takes up to 4 bytes a character; Meridian's integer arithmetic is 64-bit, so cast back.
            + " CAST(CASE WHEN DATA_TYPE IN ('CHAR', 'VARCHAR') THEN COALESCE(CHARACTER_MAXIMUM_LENGTH * 4, 2147483647)"
            + " END AS INTEGER) AS CHAR_OCTET_LENGTH, ORDINAL_POSITION, IS_NULLABLE,"
            + " CAST(NULL AS VARCHAR) AS SCOPE_CATALOG, CAST(NULL AS VARCHAR) AS SCOPE_SCHEMA,"
            + " CAST(NULL AS VARCHAR) AS SCOPE_TABLE, CAST(NULL AS SMALLINT) AS SOURCE_DATA_TYPE,"
            + " CAST('NO' AS VARCHAR) AS IS_AUTOINCREMENT, CAST('NO' AS VARCHAR) AS IS_GENERATEDCOLUMN"
            + " FROM INFORMATION_SCHEMA.COLUMNS";
    static final String COLUMNS_ORDER = " ORDER BY TABLE_SCHEM, TABLE_NAME, ORDINAL_POSITION";

    static final String PRIMARY_KEYS = "SELECT " + NO_CATALOG + " AS TABLE_CAT, TABLE_SCHEMA AS TABLE_SCHEM, TABLE_NAME,"
            + " COLUMN_NAME, CAST(ORDINAL_POSITION AS SMALLINT) AS KEY_SEQ, INDEX_NAME AS PK_NAME"
            + " FROM INFORMATION_SCHEMA.INDEXES";
    static final String PRIMARY_KEYS_ORDER = " ORDER BY COLUMN_NAME";

    static final String INDEX_INFO = "SELECT " + NO_CATALOG + " AS TABLE_CAT, TABLE_SCHEMA AS TABLE_SCHEM, TABLE_NAME,"
            + " NOT IS_UNIQUE AS NON_UNIQUE, CAST(NULL AS VARCHAR) AS INDEX_QUALIFIER, INDEX_NAME,"
            + " CAST(3 AS SMALLINT) AS TYPE, CAST(ORDINAL_POSITION AS SMALLINT) AS ORDINAL_POSITION, COLUMN_NAME,"
            + " CAST(CASE COLUMN_ORDERING WHEN 'DESC' THEN 'D' ELSE 'A' END AS VARCHAR) AS ASC_OR_DESC,"
            + " CAST(NULL AS BIGINT) AS \"CARDINALITY\", CAST(NULL AS BIGINT) AS PAGES,"
            + " CAST(NULL AS VARCHAR) AS FILTER_CONDITION FROM INFORMATION_SCHEMA.INDEXES";
    static final String INDEX_INFO_ORDER = " ORDER BY NON_UNIQUE, TYPE, INDEX_NAME, ORDINAL_POSITION";

    static final String SCHEMAS = "SELECT SCHEMA_NAME AS TABLE_SCHEM, " + NO_CATALOG + " AS TABLE_CATALOG"
            + " FROM INFORMATION_SCHEMA.SCHEMATA";
    static final String SCHEMAS_ORDER = " ORDER BY TABLE_SCHEM";

    /** The primary key identifies a row for as long as the session lasts (longer, in fact). */
    static final String BEST_ROW_IDENTIFIER = "SELECT CAST(2 AS SMALLINT) AS \"SCOPE\", C.COLUMN_NAME,"
            + " C.JDBC_DATA_TYPE AS DATA_TYPE, C.DATA_TYPE AS TYPE_NAME, "
            + COLUMN_SIZE.replace("CHARACTER_MAXIMUM_LENGTH", "C.CHARACTER_MAXIMUM_LENGTH")
                    .replace("NUMERIC_PRECISION", "C.NUMERIC_PRECISION").replace("DATA_TYPE =", "C.DATA_TYPE =")
            + " AS COLUMN_SIZE, CAST(NULL AS INTEGER) AS BUFFER_LENGTH, CAST(C.NUMERIC_SCALE AS SMALLINT) AS DECIMAL_DIGITS,"
            + " CAST(1 AS SMALLINT) AS PSEUDO_COLUMN FROM INFORMATION_SCHEMA.INDEXES AS I"
            + " JOIN INFORMATION_SCHEMA.COLUMNS AS C ON C.TABLE_SCHEMA = I.TABLE_SCHEMA AND C.TABLE_NAME = I.TABLE_NAME"
            + " AND C.COLUMN_NAME = I.COLUMN_NAME";
}
