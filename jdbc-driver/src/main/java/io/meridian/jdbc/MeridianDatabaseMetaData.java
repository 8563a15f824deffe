package io.meridian.jdbc;

import io.meridian.jdbc.MetaDataQueries.Where;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.RowIdLifetime;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Database metadata. Catalog questions (tables, columns, keys, indexes, schemas) run as SQL over
 * INFORMATION_SCHEMA through this connection, so they answer identically embedded and over the
 * network and see exactly what the connection's queries see. Questions about Meridian itself
 * (types, capabilities) are answered by the driver. A supports* method returns true only for
 * what Meridian actually does.
 */
final class MeridianDatabaseMetaData implements DatabaseMetaData {
    static final String PRODUCT_NAME = "Meridian";

    private final MeridianConnection connection;

    MeridianDatabaseMetaData(MeridianConnection connection) {
        this.connection = connection;
    }

    private ResultSet query(String select, Where where, String orderBy) throws SQLException {
        // Wrapped so ORDER BY and later filters see the JDBC column names, not the schema's.
        String sql = "SELECT * FROM (" + select + where + ") AS M" + orderBy;
        PreparedStatement statement = connection.prepareStatement(sql);
        statement.closeOnCompletion();
        return statement.executeQuery();
    }

    private static List<String> tableTypes(String[] types) {
        return types == null ? null : Arrays.stream(types).map(t -> t.toUpperCase(Locale.ROOT)).toList();
    }

    // --- catalog contents: SQL over INFORMATION_SCHEMA -------------------------------------------

    @Override
    public ResultSet getTables(String catalog, String schemaPattern, String tableNamePattern, String[] types)
            throws SQLException {
        Where where = new Where().catalog("TABLE_CATALOG", catalog).like("TABLE_SCHEMA", schemaPattern)
                .like("TABLE_NAME", tableNamePattern);
        // The type filter applies to JDBC's type names, which the inner query computes.
        String select = "SELECT * FROM (" + MetaDataQueries.TABLES + where + ") AS T";
        return query(select, new Where().in("TABLE_TYPE", tableTypes(types)), MetaDataQueries.TABLES_ORDER);
    }

    @Override
    public ResultSet getColumns(String catalog, String schemaPattern, String tableNamePattern, String columnNamePattern)
            throws SQLException {
        Where where = new Where().catalog("TABLE_CATALOG", catalog).like("TABLE_SCHEMA", schemaPattern)
                .like("TABLE_NAME", tableNamePattern).like("COLUMN_NAME", columnNamePattern);
        return query(MetaDataQueries.COLUMNS, where, MetaDataQueries.COLUMNS_ORDER);
    }

    @Override
    public ResultSet getPrimaryKeys(String catalog, String schema, String table) throws SQLException {
        Where where = new Where().add("INDEX_TYPE = 'PRIMARY KEY'").catalog("TABLE_CATALOG", catalog)
                .equal("TABLE_SCHEMA", schema).equal("TABLE_NAME", table);
        return query(MetaDataQueries.PRIMARY_KEYS, where, MetaDataQueries.PRIMARY_KEYS_ORDER);
    }

    @Override
    public ResultSet getIndexInfo(String catalog, String schema, String table, boolean unique, boolean approximate)
            throws SQLException {
        Where where = new Where().catalog("TABLE_CATALOG", catalog).equal("TABLE_SCHEMA", schema)
                .equal("TABLE_NAME", table);
        if (unique) {
            where.add("IS_UNIQUE");
        }
        return query(MetaDataQueries.INDEX_INFO, where, MetaDataQueries.INDEX_INFO_ORDER);
    }

    @Override
    public ResultSet getSchemas() throws SQLException {
        return getSchemas(null, null);
    }

    @Override
    public ResultSet getSchemas(String catalog, String schemaPattern) throws SQLException {
        Where where = new Where().catalog("CATALOG_NAME", catalog).like("SCHEMA_NAME", schemaPattern);
        return query(MetaDataQueries.SCHEMAS, where, MetaDataQueries.SCHEMAS_ORDER);
    }

    @Override
    public ResultSet getBestRowIdentifier(String catalog, String schema, String table, int scope, boolean nullable)
            throws SQLException {
        Where where = new Where().add("I.INDEX_TYPE = 'PRIMARY KEY'").catalog("I.TABLE_CATALOG", catalog)
                .equal("I.TABLE_SCHEMA", schema).equal("I.TABLE_NAME", table);
        return query(MetaDataQueries.BEST_ROW_IDENTIFIER, where, " ORDER BY \"SCOPE\"");
    }

    // --- answered by the driver -------------------------------------------------------------------

    @Override
    public ResultSet getCatalogs() throws SQLException {
        // JDBC's catalogs are not used: getCatalog() is null and every object has TABLE_CAT null.
        return LocalResults.empty(connection, MetaDataColumns.CATALOGS);
    }

    @Override
    public ResultSet getTableTypes() throws SQLException {
        return LocalResults.of(connection, MetaDataColumns.TABLE_TYPES,
                List.of(new Object[] {"SYSTEM TABLE"}, new Object[] {"TABLE"}, new Object[] {"VIEW"}));
    }

    @Override
    public ResultSet getTypeInfo() throws SQLException {
        return LocalResults.of(connection, MetaDataColumns.TYPE_INFO, TypeInfoRows.rows());
    }

    /** Meridian has no foreign keys: the three key methods answer with no rows, correctly shaped. */
    @Override
    public ResultSet getImportedKeys(String catalog, String schema, String table) throws SQLException {
        return LocalResults.empty(connection, MetaDataColumns.KEYS);
    }

    @Override
    public ResultSet getExportedKeys(String catalog, String schema, String table) throws SQLException {
        return LocalResults.empty(connection, MetaDataColumns.KEYS);
    }

    @Override
    public ResultSet getCrossReference(String parentCatalog, String parentSchema, String parentTable,
            String foreignCatalog, String foreignSchema, String foreignTable) throws SQLException {
        return LocalResults.empty(connection, MetaDataColumns.KEYS);
    }

    @Override
    public ResultSet getProcedures(String catalog, String schemaPattern, String procedureNamePattern) throws SQLException {
        return LocalResults.empty(connection, MetaDataColumns.PROCEDURES);
    }

    @Override
    public ResultSet getProcedureColumns(String catalog, String schemaPattern, String procedureNamePattern,
            String columnNamePattern) throws SQLException {
        return LocalResults.empty(connection, MetaDataColumns.PROCEDURE_COLUMNS);
    }

    @Override
    public ResultSet getFunctions(String catalog, String schemaPattern, String functionNamePattern) throws SQLException {
        return LocalResults.empty(connection, MetaDataColumns.FUNCTIONS);
    }

    @Override
    public ResultSet getFunctionColumns(String catalog, String schemaPattern, String functionNamePattern,
            String columnNamePattern) throws SQLException {
        return LocalResults.empty(connection, MetaDataColumns.FUNCTION_COLUMNS);
    }

    /** No privileges system yet: every user may do everything, so there are no grants to list. */
    @Override
    public ResultSet getTablePrivileges(String catalog, String schemaPattern, String tableNamePattern)
            throws SQLException {
        return LocalResults.empty(connection, MetaDataColumns.PRIVILEGES);
    }

    @Override
    public ResultSet getColumnPrivileges(String catalog, String schema, String table, String columnNamePattern)
            throws SQLException {
        return LocalResults.empty(connection, MetaDataColumns.COLUMN_PRIVILEGES);
    }

    /** No column changes by itself when a row is updated. */
    @Override
    public ResultSet getVersionColumns(String catalog, String schema, String table) throws SQLException {
        return LocalResults.empty(connection, MetaDataColumns.VERSION_COLUMNS);
    }

    @Override
    public ResultSet getUDTs(String catalog, String schemaPattern, String typeNamePattern, int[] types)
            throws SQLException {
        return LocalResults.empty(connection, MetaDataColumns.UDTS);
    }

    @Override
    public ResultSet getSuperTypes(String catalog, String schemaPattern, String typeNamePattern) throws SQLException {
        return LocalResults.empty(connection, MetaDataColumns.SUPER_TYPES);
    }

    @Override
    public ResultSet getSuperTables(String catalog, String schemaPattern, String tableNamePattern) throws SQLException {
        return LocalResults.empty(connection, MetaDataColumns.SUPER_TABLES);
    }

    @Override
    public ResultSet getAttributes(String catalog, String schemaPattern, String typeNamePattern,
            String attributeNamePattern) throws SQLException {
        return LocalResults.empty(connection, MetaDataColumns.ATTRIBUTES);
    }

    @Override
    public ResultSet getClientInfoProperties() throws SQLException {
        return LocalResults.empty(connection, MetaDataColumns.CLIENT_INFO);
    }

    /** The hidden row id of a table without a primary key is not addressable from SQL. */
    @Override
    public ResultSet getPseudoColumns(String catalog, String schemaPattern, String tableNamePattern,
            String columnNamePattern) throws SQLException {
        return LocalResults.empty(connection, MetaDataColumns.PSEUDO_COLUMNS);
    }

    // --- product, driver, connection --------------------------------------------------------------

    @Override
    public String getDatabaseProductName() {
        return PRODUCT_NAME;
    }

    /** The server's version as its handshake reported it, e.g. "0.1.0" or "0.1.0 node 2 (eu)". */
    @Override
    public String getDatabaseProductVersion() throws SQLException {
        String version = connection.session().serverVersion();
        return version.startsWith(PRODUCT_NAME + " ") ? version.substring(PRODUCT_NAME.length() + 1) : version;
    }

    @Override
    public int getDatabaseMajorVersion() throws SQLException {
        return versionPart(0);
    }

    @Override
    public int getDatabaseMinorVersion() throws SQLException {
        return versionPart(1);
    }

    private int versionPart(int index) throws SQLException {
        String[] parts = getDatabaseProductVersion().split("[^0-9]+");
        int offset = parts.length > 0 && parts[0].isEmpty() ? 1 : 0;
        return parts.length > index + offset ? Integer.parseInt(parts[index + offset]) : 0;
    }

    @Override
    public String getDriverName() {
        return "Meridian JDBC driver";
    }

    @Override
    public String getDriverVersion() {
        return MeridianDriver.MAJOR_VERSION + "." + MeridianDriver.MINOR_VERSION;
    }

    @Override
    public int getDriverMajorVersion() {
        return MeridianDriver.MAJOR_VERSION;
    }

    @Override
    public int getDriverMinorVersion() {
        return MeridianDriver.MINOR_VERSION;
    }

    @Override
    public int getJDBCMajorVersion() {
        return 4;
    }

    @Override
    public int getJDBCMinorVersion() {
        return 2;
    }

    @Override
    public String getURL() {
        return connection.url();
    }

    @Override
    public String getUserName() {
        return connection.user();
    }

    @Override
    public boolean isReadOnly() throws SQLException {
        return connection.isReadOnly();
    }

    @Override
    public Connection getConnection() {
        return connection;
    }

    // --- identifiers and SQL text ------------------------------------------------------------------

    @Override
    public String getIdentifierQuoteString() {
        return "\"";
    }

    /** Words Meridian reserves beyond SQL:2003's. */
    @Override
    public String getSQLKeywords() {
        return "EXPLAIN,INDEX,LIMIT,PLAN,REINDEX,REPLACE,UPSERT";
    }

    @Override
    public String getNumericFunctions() {
        return "ABS,ACOS,ASIN,ATAN,ATAN2,CEILING,COS,COT,DEGREES,EXP,FLOOR,LOG,LOG10,MOD,PI,POWER,RADIANS,RAND,ROUND,"
                + "SIGN,SIN,SQRT,TAN,TRUNCATE";
    }

    @Override
    public String getStringFunctions() {
        return "ASCII,CHAR_LENGTH,CONCAT,LEFT,LENGTH,LOWER,LTRIM,POSITION,REPEAT,REPLACE,RIGHT,RTRIM,SUBSTRING,TRIM,UPPER";
    }

    @Override
    public String getSystemFunctions() {
        return "COALESCE,IFNULL,NULLIF,NVL";
    }

    @Override
    public String getTimeDateFunctions() {
        return "CURRENT_DATE,CURRENT_TIME,CURRENT_TIMESTAMP,EXTRACT,YEAR,QUARTER,MONTH,WEEK,DAYOFMONTH,DAYOFWEEK,"
                + "DAYOFYEAR,HOUR,MINUTE,SECOND";
    }

    @Override
    public String getSearchStringEscape() {
        return "\\";
    }

    @Override
    public String getExtraNameCharacters() {
        return "";
    }

    @Override
    public boolean supportsMixedCaseIdentifiers() {
        return false;
    }

    /** Unquoted names fold to upper case, as in the SQL standard. */
    @Override
    public boolean storesUpperCaseIdentifiers() {
        return true;
    }

    @Override
    public boolean storesLowerCaseIdentifiers() {
        return false;
    }

    @Override
    public boolean storesMixedCaseIdentifiers() {
        return false;
    }

    /** Quoted names keep their case and are compared exactly. */
    @Override
    public boolean supportsMixedCaseQuotedIdentifiers() {
        return true;
    }

    @Override
    public boolean storesUpperCaseQuotedIdentifiers() {
        return false;
    }

    @Override
    public boolean storesLowerCaseQuotedIdentifiers() {
        return false;
    }

    @Override
    public boolean storesMixedCaseQuotedIdentifiers() {
        return false;
    }

    @Override
    public String getSchemaTerm() {
        return "schema";
    }

    @Override
    public String getProcedureTerm() {
        return "procedure";
    }

    @Override
    public String getCatalogTerm() {
        return "catalog";
    }

    @Override
    public boolean isCatalogAtStart() {
        return true;
    }

    @Override
    public String getCatalogSeparator() {
        return ".";
    }

    // --- capabilities --------------------------------------------------------------------------

    @Override
    public boolean allProceduresAreCallable() {
        return false;
    }

    @Override
    public boolean allTablesAreSelectable() {
        return true;
    }

    /** NULL sorts before every value (it does in the key encoding too). */
    @Override
    public boolean nullsAreSortedHigh() {
        return false;
    }

    @Override
    public boolean nullsAreSortedLow() {
        return true;
    }

    @Override
    public boolean nullsAreSortedAtStart() {
        return false;
    }

    @Override
    public boolean nullsAreSortedAtEnd() {
        return false;
    }

    @Override
    public boolean usesLocalFiles() {
        return false;
    }

    @Override
    public boolean usesLocalFilePerTable() {
        return false;
    }

    /** ALTER TABLE is not part of Meridian's DDL yet. */
    @Override
    public boolean supportsAlterTableWithAddColumn() {
        return false;
    }

    @Override
    public boolean supportsAlterTableWithDropColumn() {
        return false;
    }

    @Override
    public boolean supportsColumnAliasing() {
        return true;
    }

    @Override
    public boolean nullPlusNonNullIsNull() {
        return true;
    }

    /** The JDBC escape syntax ({fn ...}, {d ...}) is not translated. */
    @Override
    public boolean supportsConvert() {
        return false;
    }

    @Override
    public boolean supportsConvert(int fromType, int toType) {
        return false;
    }

    @Override
    public boolean supportsTableCorrelationNames() {
        return true;
    }

    @Override
    public boolean supportsDifferentTableCorrelationNames() {
        return false;
    }

    @Override
    public boolean supportsExpressionsInOrderBy() {
        return true;
    }

    @Override
    public boolean supportsOrderByUnrelated() {
        return true;
    }

    @Override
    public boolean supportsGroupBy() {
        return true;
    }

    @Override
    public boolean supportsGroupByUnrelated() {
        return true;
    }

    @Override
    public boolean supportsGroupByBeyondSelect() {
        return true;
    }

    @Override
    public boolean supportsLikeEscapeClause() {
        return true;
    }

    @Override
    public boolean supportsMultipleResultSets() {
        return false;
    }

    @Override
    public boolean supportsMultipleTransactions() {
        return true;
    }

    @Override
    public boolean supportsNonNullableColumns() {
        return true;
    }

    @Override
    public boolean supportsMinimumSQLGrammar() {
        return true;
    }

    @Override
    public boolean supportsCoreSQLGrammar() {
        return true;
    }

    @Override
    public boolean supportsExtendedSQLGrammar() {
        return false;
    }

    @Override
    public boolean supportsANSI92EntryLevelSQL() {
        return true;
    }

    @Override
    public boolean supportsANSI92IntermediateSQL() {
        return false;
    }

    @Override
    public boolean supportsANSI92FullSQL() {
        return false;
    }

    /** No CHECK constraints or foreign keys. */
    @Override
    public boolean supportsIntegrityEnhancementFacility() {
        return false;
    }

    @Override
    public boolean supportsOuterJoins() {
        return true;
    }

    @Override
    public boolean supportsFullOuterJoins() {
        return true;
    }

    @Override
    public boolean supportsLimitedOuterJoins() {
        return true;
    }

    /** Statements and DDL may qualify names with the schema (MERIDIAN.t). */
    @Override
    public boolean supportsSchemasInDataManipulation() {
        return true;
    }

    @Override
    public boolean supportsSchemasInProcedureCalls() {
        return false;
    }

    @Override
    public boolean supportsSchemasInTableDefinitions() {
        return true;
    }

    @Override
    public boolean supportsSchemasInIndexDefinitions() {
        return true;
    }

    @Override
    public boolean supportsSchemasInPrivilegeDefinitions() {
        return false;
    }

    @Override
    public boolean supportsCatalogsInDataManipulation() {
        return false;
    }

    @Override
    public boolean supportsCatalogsInProcedureCalls() {
        return false;
    }

    @Override
    public boolean supportsCatalogsInTableDefinitions() {
        return false;
    }

    @Override
    public boolean supportsCatalogsInIndexDefinitions() {
        return false;
    }

    @Override
    public boolean supportsCatalogsInPrivilegeDefinitions() {
        return false;
    }

    @Override
    public boolean supportsPositionedDelete() {
        return false;
    }

    @Override
    public boolean supportsPositionedUpdate() {
        return false;
    }

    @Override
    public boolean supportsSelectForUpdate() {
        return false;
    }

    @Override
    public boolean supportsStoredProcedures() {
        return false;
    }

    @Override
    public boolean supportsSubqueriesInComparisons() {
        return true;
    }

    @Override
    public boolean supportsSubqueriesInExists() {
        return true;
    }

    @Override
    public boolean supportsSubqueriesInIns() {
        return true;
    }

    @Override
    public boolean supportsSubqueriesInQuantifieds() {
        return true;
    }

    @Override
    public boolean supportsCorrelatedSubqueries() {
        return true;
    }

    @Override
    public boolean supportsUnion() {
        return true;
    }

    @Override
    public boolean supportsUnionAll() {
        return true;
    }

    /** A commit or rollback ends the transaction the cursor read in. */
    @Override
    public boolean supportsOpenCursorsAcrossCommit() {
        return false;
    }

    @Override
    public boolean supportsOpenCursorsAcrossRollback() {
        return false;
    }

    /** Prepared statements are kept by the driver and re-sent, so they outlive transactions. */
    @Override
    public boolean supportsOpenStatementsAcrossCommit() {
        return true;
    }

    @Override
    public boolean supportsOpenStatementsAcrossRollback() {
        return true;
    }

    // No fixed limits below the protocol's frame size: 0 means "none or unknown" in JDBC.

    @Override
    public int getMaxBinaryLiteralLength() {
        return 0;
    }

    @Override
    public int getMaxCharLiteralLength() {
        return 0;
    }

    @Override
    public int getMaxColumnNameLength() {
        return 0;
    }

    @Override
    public int getMaxColumnsInGroupBy() {
        return 0;
    }

    @Override
    public int getMaxColumnsInIndex() {
        return 0;
    }

    @Override
    public int getMaxColumnsInOrderBy() {
        return 0;
    }

    @Override
    public int getMaxColumnsInSelect() {
        return 0;
    }

    @Override
    public int getMaxColumnsInTable() {
        return 0;
    }

    @Override
    public int getMaxConnections() {
        return 0;
    }

    @Override
    public int getMaxCursorNameLength() {
        return 0;
    }

    @Override
    public int getMaxIndexLength() {
        return 0;
    }

    @Override
    public int getMaxSchemaNameLength() {
        return 0;
    }

    @Override
    public int getMaxProcedureNameLength() {
        return 0;
    }

    @Override
    public int getMaxCatalogNameLength() {
        return 0;
    }

    @Override
    public int getMaxRowSize() {
        return 0;
    }

    @Override
    public boolean doesMaxRowSizeIncludeBlobs() {
        return true;
    }

    @Override
    public int getMaxStatementLength() {
        return 0;
    }

    @Override
    public int getMaxStatements() {
        return 0;
    }

    @Override
    public int getMaxTableNameLength() {
        return 0;
    }

    @Override
    public int getMaxTablesInSelect() {
        return 0;
    }

    @Override
    public int getMaxUserNameLength() {
        return 0;
    }

    // --- transactions ------------------------------------------------------------------------

    @Override
    public int getDefaultTransactionIsolation() {
        return Connection.TRANSACTION_SERIALIZABLE;
    }

    @Override
    public boolean supportsTransactions() {
        return true;
    }

    /** Every transaction is serializable (strictly: externally consistent). */
    @Override
    public boolean supportsTransactionIsolationLevel(int level) {
        return level == Connection.TRANSACTION_SERIALIZABLE;
    }

    /** DDL runs in its own transaction; inside an explicit one it is refused (SQLState 25001). */
    @Override
    public boolean supportsDataDefinitionAndDataManipulationTransactions() {
        return false;
    }

    @Override
    public boolean supportsDataManipulationTransactionsOnly() {
        return true;
    }

    @Override
    public boolean dataDefinitionCausesTransactionCommit() {
        return false;
    }

    @Override
    public boolean dataDefinitionIgnoredInTransactions() {
        return false;
    }

    @Override
    public boolean supportsSavepoints() {
        return false;
    }

    @Override
    public boolean autoCommitFailureClosesAllResultSets() {
        return false;
    }

    // --- statements and result sets ------------------------------------------------------------

    @Override
    public boolean supportsResultSetType(int type) {
        return type == ResultSet.TYPE_FORWARD_ONLY;
    }

    @Override
    public boolean supportsResultSetConcurrency(int type, int concurrency) {
        return type == ResultSet.TYPE_FORWARD_ONLY && concurrency == ResultSet.CONCUR_READ_ONLY;
    }

    @Override
    public boolean ownUpdatesAreVisible(int type) {
        return false;
    }

    @Override
    public boolean ownDeletesAreVisible(int type) {
        return false;
    }

    @Override
    public boolean ownInsertsAreVisible(int type) {
        return false;
    }

    @Override
    public boolean othersUpdatesAreVisible(int type) {
        return false;
    }

    @Override
    public boolean othersDeletesAreVisible(int type) {
        return false;
    }

    @Override
    public boolean othersInsertsAreVisible(int type) {
        return false;
    }

    @Override
    public boolean updatesAreDetected(int type) {
        return false;
    }

    @Override
    public boolean deletesAreDetected(int type) {
        return false;
    }

    @Override
    public boolean insertsAreDetected(int type) {
        return false;
    }

    @Override
    public boolean supportsBatchUpdates() {
        return true;
    }

    @Override
    public boolean supportsNamedParameters() {
        return false;
    }

    @Override
    public boolean supportsMultipleOpenResults() {
        return false;
    }

    @Override
    public boolean supportsGetGeneratedKeys() {
        return false;
    }

    @Override
    public boolean generatedKeyAlwaysReturned() {
        return false;
    }

    @Override
    public boolean supportsResultSetHoldability(int holdability) {
        return holdability == ResultSet.CLOSE_CURSORS_AT_COMMIT;
    }

    @Override
    public int getResultSetHoldability() {
        return ResultSet.CLOSE_CURSORS_AT_COMMIT;
    }

    @Override
    public int getSQLStateType() {
        return sqlStateSQL;
    }

    @Override
    public boolean locatorsUpdateCopy() {
        return false;
    }

    @Override
    public boolean supportsStatementPooling() {
        return false;
    }

    @Override
    public RowIdLifetime getRowIdLifetime() {
        return RowIdLifetime.ROWID_UNSUPPORTED;
    }

    @Override
    public boolean supportsStoredFunctionsUsingCallSyntax() {
        return false;
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        return Wrappers.unwrap(this, iface);
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) {
        return iface.isInstance(this);
    }
}
