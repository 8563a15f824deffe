package io.meridian.jdbc;

import io.meridian.rpc.client.Column;
import java.sql.ParameterMetaData;
import java.sql.SQLException;
import java.util.List;

/** Parameter types as the server's planner inferred them (a Prepare round trip). */
final class MeridianParameterMetaData implements ParameterMetaData {
    private final List<Column> parameters;

    MeridianParameterMetaData(List<Column> parameters) {
        this.parameters = parameters;
    }

    private Column parameter(int index) throws SQLException {
        if (index < 1 || index > parameters.size()) {
            throw Errors.of("07009", "parameter index " + index + " out of range 1.." + parameters.size(), null);
        }
        return parameters.get(index - 1);
    }

    @Override
    public int getParameterCount() {
        return parameters.size();
    }

    @Override
    public int isNullable(int param) throws SQLException {
        parameter(param);
        return parameterNullableUnknown;
    }

    @Override
    public boolean isSigned(int param) throws SQLException {
        return switch (parameter(param).getSqlType()) {
            case java.sql.Types.TINYINT, java.sql.Types.SMALLINT, java.sql.Types.INTEGER, java.sql.Types.BIGINT,
                    java.sql.Types.REAL, java.sql.Types.FLOAT, java.sql.Types.DOUBLE, java.sql.Types.DECIMAL,
                    java.sql.Types.NUMERIC -> true;
            default -> false;
        };
    }

    @Override
    public int getPrecision(int param) throws SQLException {
        return parameter(param).getPrecision();
    }

    @Override
    public int getScale(int param) throws SQLException {
        return parameter(param).getScale();
    }

    @Override
    public int getParameterType(int param) throws SQLException {
        return parameter(param).getSqlType();
    }

    @Override
    public String getParameterTypeName(int param) throws SQLException {
        return parameter(param).getTypeName();
    }

    @Override
    public String getParameterClassName(int param) throws SQLException {
        return MeridianResultSetMetaData.className(parameter(param).getSqlType());
    }

    @Override
    public int getParameterMode(int param) throws SQLException {
        parameter(param);
        return parameterModeIn;
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
