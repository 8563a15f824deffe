package io.meridian.jdbc;

import io.meridian.jdbc.MetaDataQueries.Where;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Database metadata. Catalog questions (tables, columns, keys, indexes, schemas) run as SQL over
 * INFORMATION_SCHEMA through this connection, so they answer identically embedded and over the
 * network and see exactly what the connection's queries see. Questions about Meridian itself
 * (types, capabilities in {@link MeridianCapabilities}) are answered by the driver.
 */
final class MeridianDatabaseMetaData extends MeridianCapabilities {
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

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        return Wrappers.unwrap(this, iface);
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) {
        return iface.isInstance(this);
    }
}
