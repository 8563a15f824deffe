package io.meridian.jdbc;

import io.meridian.rpc.client.Column;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Types;
import java.util.List;

/** Column descriptions sent with a result's first batch. */
final class MeridianResultSetMetaData implements ResultSetMetaData {
    private final List<Column> columns;

    MeridianResultSetMetaData(List<Column> columns) {
        this.columns = columns;
    }

    private Column column(int index) throws SQLException {
        if (index < 1 || index > columns.size()) {
            throw Errors.of("07009", "column index " + index + " out of range 1.." + columns.size(), null);
        }
        return columns.get(index - 1);
    }

    @Override
    public int getColumnCount() {
        return columns.size();
    }

    @Override
    public boolean isAutoIncrement(int column) throws SQLException {
        column(column);
        return false;
    }

    @Override
    public boolean isCaseSensitive(int column) throws SQLException {
        int type = column(column).getSqlType();
        return type == Types.VARCHAR || type == Types.CHAR;
    }

    @Override
    public boolean isSearchable(int column) throws SQLException {
        column(column);
        return true;
    }

    @Override
    public boolean isCurrency(int column) throws SQLException {
        column(column);
        return false;
    }

    @Override
    public int isNullable(int column) throws SQLException {
        return column(column).getNullable() ? columnNullable : columnNoNulls;
    }

    @Override
    public boolean isSigned(int column) throws SQLException {
        int type = column(column).getSqlType();
        return type == Types.BIGINT || type == Types.INTEGER || type == Types.SMALLINT || type == Types.TINYINT
                || type == Types.DOUBLE || type == Types.REAL || type == Types.FLOAT || type == Types.DECIMAL
                || type == Types.NUMERIC;
    }

    @Override
    public int getColumnDisplaySize(int column) throws SQLException {
        int precision = column(column).getPrecision();
        return precision > 0 ? precision : 20;
    }

    @Override
    public String getColumnLabel(int column) throws SQLException {
        return column(column).getLabel();
    }

    @Override
    public String getColumnName(int column) throws SQLException {
        return column(column).getLabel();
    }

    @Override
    public String getSchemaName(int column) throws SQLException {
        column(column);
        return "";
    }

    @Override
    public int getPrecision(int column) throws SQLException {
        return Math.max(0, column(column).getPrecision());
    }

    @Override
    public int getScale(int column) throws SQLException {
        return Math.max(0, column(column).getScale());
    }

    @Override
    public String getTableName(int column) throws SQLException {
        return column(column).getTableName();
    }

    @Override
    public String getCatalogName(int column) throws SQLException {
        column(column);
        return "";
    }

    @Override
    public int getColumnType(int column) throws SQLException {
        return column(column).getSqlType();
    }

    @Override
    public String getColumnTypeName(int column) throws SQLException {
        return column(column).getTypeName();
    }

    @Override
    public boolean isReadOnly(int column) throws SQLException {
        column(column);
        return true;
    }

    @Override
    public boolean isWritable(int column) throws SQLException {
        column(column);
        return false;
    }

    @Override
    public boolean isDefinitelyWritable(int column) throws SQLException {
        column(column);
        return false;
    }

    @Override
    public String getColumnClassName(int column) throws SQLException {
        return className(column(column).getSqlType());
    }

    /** The Java class getObject returns for a java.sql.Types value. */
    static String className(int sqlType) {
        return switch (sqlType) {
            case Types.BIGINT -> Long.class.getName();
            case Types.INTEGER -> Integer.class.getName();
            case Types.SMALLINT -> Short.class.getName();
            case Types.TINYINT -> Byte.class.getName();
            case Types.DOUBLE, Types.FLOAT -> Double.class.getName();
            case Types.REAL -> Float.class.getName();
            case Types.DECIMAL, Types.NUMERIC -> java.math.BigDecimal.class.getName();
            case Types.BOOLEAN -> Boolean.class.getName();
            case Types.VARBINARY, Types.BINARY -> byte[].class.getName();
            case Types.DATE -> java.sql.Date.class.getName();
            case Types.TIME -> java.sql.Time.class.getName();
            case Types.TIMESTAMP -> java.sql.Timestamp.class.getName();
            default -> String.class.getName();
        };
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
