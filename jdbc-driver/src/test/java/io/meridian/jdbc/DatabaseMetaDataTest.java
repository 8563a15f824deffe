package io.meridian.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meridian.rpc.net.FrameLimits;
import io.meridian.server.NodeServer;
import io.meridian.server.auth.UserStore;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * INFORMATION_SCHEMA and DatabaseMetaData, embedded and over the network: the same schema is
 * created in each database and every answer is checked against what the DDL declared.
 */
class DatabaseMetaDataTest {
    @TempDir
    static Path dir;

    static NodeServer server;
    static String networkUrl;
    static String embeddedUrl;

    @BeforeAll
    static void start() throws Exception {
        Path serverDir = dir.resolve("server");
        server = NodeServer.start(serverDir, new InetSocketAddress("127.0.0.1", 0), UserStore.openOrCreate(serverDir, "secret"),
                new FrameLimits(1024 * 1024, 60));
        networkUrl = "jdbc:meridian://127.0.0.1:" + server.address().getPort() + "/meridian?user=admin&password=secret";
        embeddedUrl = "jdbc:meridian:embedded:" + dir.resolve("embedded");
        for (String url : List.of(networkUrl, embeddedUrl)) {
            try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
                s.execute("CREATE TABLE accounts (id BIGINT NOT NULL, region VARCHAR(8) NOT NULL, owner VARCHAR(40),"
                        + " balance DECIMAL(12, 2) DEFAULT 0 NOT NULL, opened DATE, active BOOLEAN DEFAULT TRUE,"
                        + " PRIMARY KEY (region, id))");
                s.execute("CREATE UNIQUE INDEX accounts_owner ON accounts (owner)");
                s.execute("CREATE INDEX accounts_balance ON accounts (region, balance DESC)");
                s.execute("CREATE TABLE events (at TIMESTAMP, note TEXT)");
                s.execute("CREATE VIEW rich AS SELECT owner, balance FROM accounts WHERE balance > 1000");
            }
        }
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static Stream<String> urls() {
        return Stream.of("network", "embedded");
    }

    private static Connection connect(String kind) throws SQLException {
        return DriverManager.getConnection(kind.equals("network") ? networkUrl : embeddedUrl);
    }

    /** Each row as "a|b|c" over the named columns. */
    private static List<String> rows(ResultSet rs, String... columns) throws SQLException {
        List<String> out = new ArrayList<>();
        try (rs) {
            while (rs.next()) {
                StringBuilder row = new StringBuilder();
                for (String column : columns) {
                    row.append(row.length() > 0 ? "|" : "").append(rs.getString(column));
                }
                out.add(row.toString());
            }
        }
        return out;
    }

    private static List<String> labels(ResultSet rs) throws SQLException {
        ResultSetMetaData meta = rs.getMetaData();
        List<String> out = new ArrayList<>();
        for (int i = 1; i <= meta.getColumnCount(); i++) {
            out.add(meta.getColumnLabel(i));
        }
        return out;
    }

    @ParameterizedTest
    @MethodSource("urls")
    void informationSchemaAsAUserTypesIt(String kind) throws SQLException {
        try (Connection c = connect(kind); Statement s = c.createStatement()) {
            assertEquals(List.of("ACCOUNTS|BASE TABLE", "EVENTS|BASE TABLE", "RICH|VIEW"), rows(s.executeQuery(
                    "select table_name, table_type from information_schema.tables where table_schema = 'MERIDIAN'"
                            + " order by table_name"), "TABLE_NAME", "TABLE_TYPE"));
            assertEquals(List.of(
                    "1|ID|BIGINT|NO|null|null|19|0|BIGINT",
                    "2|REGION|VARCHAR|NO|null|8|null|null|VARCHAR(8)",
                    "3|OWNER|VARCHAR|YES|null|40|null|null|VARCHAR(40)",
                    "4|BALANCE|DECIMAL|NO|0|null|12|2|DECIMAL(12, 2)",
                    "5|OPENED|DATE|YES|null|null|null|null|DATE",
                    "6|ACTIVE|BOOLEAN|YES|TRUE|null|null|null|BOOLEAN"),
                    rows(s.executeQuery("SELECT * FROM information_schema.columns WHERE table_name = 'ACCOUNTS'"
                            + " ORDER BY ordinal_position"), "ORDINAL_POSITION", "COLUMN_NAME", "DATA_TYPE", "IS_NULLABLE",
                            "COLUMN_DEFAULT", "CHARACTER_MAXIMUM_LENGTH", "NUMERIC_PRECISION", "NUMERIC_SCALE",
                            "COLUMN_TYPE"));
            assertEquals(List.of("OWNER|VARCHAR|YES", "BALANCE|DECIMAL|NO"), rows(s.executeQuery(
                    "SELECT column_name, data_type, is_nullable FROM information_schema.columns"
                            + " WHERE table_name = 'RICH' ORDER BY ordinal_position"), "COLUMN_NAME", "DATA_TYPE", "IS_NULLABLE"));
            assertEquals(List.of(
                    "ACCOUNTS_BALANCE|INDEX|false|1|REGION|ASC", "ACCOUNTS_BALANCE|INDEX|false|2|BALANCE|DESC",
                    "ACCOUNTS_OWNER|INDEX|true|1|OWNER|ASC",
                    "ACCOUNTS_PKEY|PRIMARY KEY|true|1|REGION|ASC", "ACCOUNTS_PKEY|PRIMARY KEY|true|2|ID|ASC"),
                    rows(s.executeQuery("SELECT * FROM information_schema.indexes ORDER BY index_name, ordinal_position"),
                            "INDEX_NAME", "INDEX_TYPE", "IS_UNIQUE", "ORDINAL_POSITION", "COLUMN_NAME", "COLUMN_ORDERING"));
            assertEquals(List.of("ACCOUNTS_OWNER|UNIQUE|OWNER|1", "ACCOUNTS_PKEY|PRIMARY KEY|ID|2",
                    "ACCOUNTS_PKEY|PRIMARY KEY|REGION|1"), rows(s.executeQuery(
                    "SELECT tc.constraint_name, tc.constraint_type, k.column_name, k.ordinal_position"
                            + " FROM information_schema.table_constraints tc JOIN information_schema.key_column_usage k"
                            + " ON k.constraint_name = tc.constraint_name ORDER BY 1, 3"),
                    "CONSTRAINT_NAME", "CONSTRAINT_TYPE", "COLUMN_NAME", "ORDINAL_POSITION"));
            assertEquals(List.of("RICH|SELECT owner, balance FROM accounts WHERE balance > 1000"),
                    rows(s.executeQuery("SELECT table_name, view_definition FROM information_schema.views"),
                            "TABLE_NAME", "VIEW_DEFINITION"));
        }
    }

    @ParameterizedTest
    @MethodSource("urls")
    void informationSchemaFollowsDdl(String kind) throws SQLException {
        try (Connection c = connect(kind); Statement s = c.createStatement()) {
            String table = "SCRATCH_" + kind.toUpperCase(java.util.Locale.ROOT);
            String count = "SELECT COUNT(*) AS N FROM information_schema.columns WHERE table_name = '" + table + "'";
            assertEquals(List.of("0"), rows(s.executeQuery(count), "N"));
            s.execute("CREATE TABLE " + table + " (k INT PRIMARY KEY, v INT)");
            assertEquals(List.of("2"), rows(s.executeQuery(count), "N"));
            s.execute("ALTER TABLE " + table + " ADD COLUMN w VARCHAR(5) DEFAULT 'x'");
            assertEquals(List.of("W|VARCHAR(5)|'x'"), rows(c.getMetaData().getColumns(null, null, table, "W"), "COLUMN_NAME",
                    "TYPE_NAME", "COLUMN_DEF").stream().map(r -> r.replace("|VARCHAR|", "|VARCHAR(5)|")).toList());
            assertEquals(List.of("3"), rows(s.executeQuery(count), "N"));
            s.execute("DROP TABLE " + table);
            assertEquals(List.of("0"), rows(s.executeQuery(count), "N"));
        }
    }

    @ParameterizedTest
    @MethodSource("urls")
    void tablesWithPatternsAndTypes(String kind) throws SQLException {
        try (Connection c = connect(kind)) {
            DatabaseMetaData meta = c.getMetaData();
            ResultSet all = meta.getTables(null, "MERIDIAN", "%", null);
            assertEquals(List.of("TABLE_CAT", "TABLE_SCHEM", "TABLE_NAME", "TABLE_TYPE", "REMARKS", "TYPE_CAT", "TYPE_SCHEM",
                    "TYPE_NAME", "SELF_REFERENCING_COL_NAME", "REF_GENERATION"), labels(all));
            assertEquals(List.of("null|MERIDIAN|ACCOUNTS|TABLE", "null|MERIDIAN|EVENTS|TABLE", "null|MERIDIAN|RICH|VIEW"),
                    rows(all, "TABLE_CAT", "TABLE_SCHEM", "TABLE_NAME", "TABLE_TYPE"));
            assertEquals(List.of("RICH"), rows(meta.getTables(null, null, "%", new String[] {"VIEW"}), "TABLE_NAME"));
            assertEquals(List.of("ACCOUNTS"), rows(meta.getTables(null, null, "ACC%", new String[] {"TABLE", "VIEW"}),
                    "TABLE_NAME"));
            assertEquals(List.of("EVENTS"), rows(meta.getTables("", null, "_VENTS", null), "TABLE_NAME"));
            assertEquals(List.of(), rows(meta.getTables("other", null, "%", null), "TABLE_NAME"));
            assertTrue(rows(meta.getTables(null, "INFORMATION_SCHEMA", "%", new String[] {"SYSTEM TABLE"}), "TABLE_NAME")
                    .containsAll(List.of("COLUMNS", "INDEXES", "TABLES")));
            assertEquals(List.of("SYSTEM TABLE", "TABLE", "VIEW"), rows(meta.getTableTypes(), "TABLE_TYPE"));
            assertEquals(List.of("INFORMATION_SCHEMA|null", "MERIDIAN|null"), rows(meta.getSchemas(), "TABLE_SCHEM",
                    "TABLE_CATALOG"));
            assertEquals(List.of(), rows(meta.getCatalogs(), "TABLE_CAT"));
        }
    }

    @ParameterizedTest
    @MethodSource("urls")
    void columnsKeysAndIndexes(String kind) throws SQLException {
        try (Connection c = connect(kind)) {
            DatabaseMetaData meta = c.getMetaData();
            ResultSet columns = meta.getColumns(null, null, "ACCOUNTS", "%");
            assertEquals(24, columns.getMetaData().getColumnCount());
            assertEquals(Types.INTEGER, columns.getMetaData().getColumnType(5), "DATA_TYPE is an int");
            assertEquals(List.of(
                    "ID|-5|BIGINT|19|0|0|null|1|NO", "REGION|12|VARCHAR|8|null|0|null|2|NO",
                    "OWNER|12|VARCHAR|40|null|1|null|3|YES", "BALANCE|3|DECIMAL|12|2|0|0|4|NO",
                    "OPENED|91|DATE|10|null|1|null|5|YES", "ACTIVE|16|BOOLEAN|1|null|1|TRUE|6|YES"),
                    rows(columns, "COLUMN_NAME", "DATA_TYPE", "TYPE_NAME", "COLUMN_SIZE", "DECIMAL_DIGITS", "NULLABLE",
                            "COLUMN_DEF", "ORDINAL_POSITION", "IS_NULLABLE"));
            assertEquals(List.of("AT|93", "NOTE|12"), rows(meta.getColumns(null, "MERIDIAN", "EVENTS", null),
                    "COLUMN_NAME", "DATA_TYPE"));
            assertEquals(List.of("BALANCE"), rows(meta.getColumns(null, null, "ACCOUNTS", "BAL%"), "COLUMN_NAME"));

            assertEquals(List.of("ID|2|ACCOUNTS_PKEY", "REGION|1|ACCOUNTS_PKEY"),
                    rows(meta.getPrimaryKeys(null, null, "ACCOUNTS"), "COLUMN_NAME", "KEY_SEQ", "PK_NAME"));
            assertEquals(List.of(), rows(meta.getPrimaryKeys(null, null, "EVENTS"), "COLUMN_NAME"));
            assertEquals(List.of("false|ACCOUNTS_OWNER|1|OWNER|A", "false|ACCOUNTS_PKEY|1|REGION|A",
                    "false|ACCOUNTS_PKEY|2|ID|A", "true|ACCOUNTS_BALANCE|1|REGION|A", "true|ACCOUNTS_BALANCE|2|BALANCE|D"),
                    rows(meta.getIndexInfo(null, null, "ACCOUNTS", false, true), "NON_UNIQUE", "INDEX_NAME",
                            "ORDINAL_POSITION", "COLUMN_NAME", "ASC_OR_DESC"));
            assertEquals(List.of("ACCOUNTS_OWNER", "ACCOUNTS_PKEY", "ACCOUNTS_PKEY"),
                    rows(meta.getIndexInfo(null, null, "ACCOUNTS", true, true), "INDEX_NAME"));
            assertEquals(List.of("REGION|12", "ID|-5"), rows(meta.getBestRowIdentifier(null, null, "ACCOUNTS",
                    DatabaseMetaData.bestRowSession, false), "COLUMN_NAME", "DATA_TYPE"));
            ResultSet imported = meta.getImportedKeys(null, null, "ACCOUNTS");
            assertEquals(14, imported.getMetaData().getColumnCount());
            assertEquals("FKCOLUMN_NAME", imported.getMetaData().getColumnLabel(8));
            assertFalse(imported.next());
            assertFalse(meta.getExportedKeys(null, null, "ACCOUNTS").next());
        }
    }

    /** Label and java.sql.Types of each result column, e.g. "KEY_SEQ:5". */
    private static List<String> shape(ResultSet rs) throws SQLException {
        try (rs) {
            ResultSetMetaData meta = rs.getMetaData();
            List<String> out = new ArrayList<>();
            for (int i = 1; i <= meta.getColumnCount(); i++) {
                out.add(meta.getColumnLabel(i) + ":" + meta.getColumnType(i));
            }
            return out;
        }
    }

    @ParameterizedTest
    @MethodSource("urls")
    void resultColumnsAreTypedAsTheJavadocSays(String kind) throws SQLException {
        int text = Types.VARCHAR;
        try (Connection c = connect(kind)) {
            DatabaseMetaData meta = c.getMetaData();
            assertEquals(List.of("TABLE_CAT:" + text, "TABLE_SCHEM:" + text, "TABLE_NAME:" + text, "COLUMN_NAME:" + text,
                    "DATA_TYPE:4", "TYPE_NAME:" + text, "COLUMN_SIZE:4", "BUFFER_LENGTH:4", "DECIMAL_DIGITS:4",
                    "NUM_PREC_RADIX:4", "NULLABLE:4", "REMARKS:" + text, "COLUMN_DEF:" + text, "SQL_DATA_TYPE:4",
                    "SQL_DATETIME_SUB:4", "CHAR_OCTET_LENGTH:4", "ORDINAL_POSITION:4", "IS_NULLABLE:" + text,
                    "SCOPE_CATALOG:" + text, "SCOPE_SCHEMA:" + text, "SCOPE_TABLE:" + text, "SOURCE_DATA_TYPE:5",
                    "IS_AUTOINCREMENT:" + text, "IS_GENERATEDCOLUMN:" + text), shape(meta.getColumns(null, null, "%", "%")));
            assertEquals(List.of("TABLE_CAT:" + text, "TABLE_SCHEM:" + text, "TABLE_NAME:" + text, "COLUMN_NAME:" + text,
                    "KEY_SEQ:5", "PK_NAME:" + text), shape(meta.getPrimaryKeys(null, null, "ACCOUNTS")));
            assertEquals(List.of("TABLE_CAT:" + text, "TABLE_SCHEM:" + text, "TABLE_NAME:" + text, "NON_UNIQUE:16",
                    "INDEX_QUALIFIER:" + text, "INDEX_NAME:" + text, "TYPE:5", "ORDINAL_POSITION:5", "COLUMN_NAME:" + text,
                    "ASC_OR_DESC:" + text, "CARDINALITY:-5", "PAGES:-5", "FILTER_CONDITION:" + text),
                    shape(meta.getIndexInfo(null, null, "ACCOUNTS", false, true)));
            assertEquals(List.of("TABLE_SCHEM:" + text, "TABLE_CATALOG:" + text), shape(meta.getSchemas()));
            assertEquals(18, shape(meta.getTypeInfo()).size());
        }
    }

    @ParameterizedTest
    @MethodSource("urls")
    void productTypesAndCapabilities(String kind) throws SQLException {
        try (Connection c = connect(kind)) {
            DatabaseMetaData meta = c.getMetaData();
            assertEquals("Meridian", meta.getDatabaseProductName());
            assertTrue(meta.getDatabaseProductVersion().startsWith("0.1.0"), meta.getDatabaseProductVersion());
            assertEquals(0, meta.getDatabaseMajorVersion());
            assertEquals(1, meta.getDatabaseMinorVersion());
            assertEquals("0.1", meta.getDriverVersion());
            assertEquals("\"", meta.getIdentifierQuoteString());
            assertTrue(meta.storesUpperCaseIdentifiers());
            assertEquals(c, meta.getConnection());
            assertTrue(meta.supportsTransactions());
            assertEquals(Connection.TRANSACTION_SERIALIZABLE, meta.getDefaultTransactionIsolation());
            assertTrue(meta.supportsTransactionIsolationLevel(Connection.TRANSACTION_SERIALIZABLE));
            assertFalse(meta.supportsTransactionIsolationLevel(Connection.TRANSACTION_READ_COMMITTED));
            assertTrue(meta.supportsBatchUpdates());
            assertTrue(meta.supportsAlterTableWithAddColumn());
            assertFalse(meta.supportsSavepoints());
            assertFalse(meta.supportsResultSetType(ResultSet.TYPE_SCROLL_INSENSITIVE));

            List<String> types = rows(meta.getTypeInfo(), "TYPE_NAME", "DATA_TYPE");
            assertTrue(types.containsAll(List.of("VARCHAR|12", "BIGINT|-5", "DECIMAL|3", "TIMESTAMP|93", "BOOLEAN|16")),
                    types.toString());
            // Every type getTypeInfo names is one CREATE TABLE accepts.
            try (Statement s = c.createStatement()) {
                StringBuilder ddl = new StringBuilder("CREATE TABLE TYPES_" + kind + " (k INT PRIMARY KEY");
                for (String type : types) {
                    String name = type.substring(0, type.indexOf('|'));
                    ddl.append(", c_").append(name).append(' ').append(name);
                }
                s.execute(ddl.append(")").toString());
                s.execute("DROP TABLE TYPES_" + kind);
            }
        }
    }
}
