package io.meridian.jdbc;

import io.meridian.rpc.api.ValueCodec;
import io.meridian.rpc.client.ClientRequest;
import io.meridian.rpc.client.ClientResponse;
import io.meridian.rpc.client.Column;
import io.meridian.rpc.client.Prepare;
import io.meridian.rpc.client.PrepareOk;
import io.meridian.rpc.client.ExecuteBatch;
import io.meridian.rpc.client.Row;
import io.meridian.rpc.client.Value;
import java.io.InputStream;
import java.io.Reader;
import java.math.BigDecimal;
import java.net.URL;
import java.sql.Array;
import java.sql.Blob;
import java.sql.Clob;
import java.sql.Date;
import java.sql.NClob;
import java.sql.ParameterMetaData;
import java.sql.PreparedStatement;
import java.sql.Ref;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.RowId;
import java.sql.SQLException;
import java.sql.SQLXML;
import java.sql.Time;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Calendar;
import java.util.List;

/**
 * A prepared statement: the SQL text travels with its parameter values on each execution; the
 * server caches the plan per session, so repeated executions skip planning.
 */
public final class MeridianPreparedStatement extends MeridianStatement implements PreparedStatement {
    private static final Value NULL = Value.newBuilder().setIsNull(true).build();

    private final String sql;
    private final int parameterCount;
    private Value[] parameters;
    private final List<Value[]> batches = new ArrayList<>();
    private PrepareOk description;

    MeridianPreparedStatement(MeridianConnection connection, String sql) {
        super(connection);
        this.sql = sql;
        this.parameterCount = ParameterCounter.count(sql);
        this.parameters = new Value[parameterCount];
    }

    private void set(int index, Value value) throws SQLException {
        checkOpen();
        if (index < 1 || index > parameterCount) {
            throw Errors.of("07009", "parameter index " + index + " out of range 1.." + parameterCount, null);
        }
        parameters[index - 1] = value;
    }

    private List<Value> bound() throws SQLException {
        for (int i = 0; i < parameters.length; i++) {
            if (parameters[i] == null) {
                throw Errors.of("07001", "parameter " + (i + 1) + " is not set", null);
            }
        }
        return Arrays.asList(parameters);
    }

    @Override
    public ResultSet executeQuery() throws SQLException {
        if (!run(sql, bound())) {
            throw Errors.of("02000", "statement did not return a result set", null);
        }
        return getResultSet();
    }

    @Override
    public int executeUpdate() throws SQLException {
        return (int) executeLargeUpdate();
    }

    @Override
    public long executeLargeUpdate() throws SQLException {
        if (run(sql, bound())) {
            throw Errors.of("0100D", "statement returned a result set; use executeQuery", null);
        }
        return getLargeUpdateCount();
    }

    @Override
    public boolean execute() throws SQLException {
        return run(sql, bound());
    }

    @Override
    public void addBatch() throws SQLException {
        batches.add(bound().toArray(new Value[0]));
    }

    @Override
    public void clearBatch() throws SQLException {
        checkOpen();
        batches.clear();
    }

    /** The whole batch travels in one request and runs in order; one round trip, not one per row. */
    @Override
    public long[] executeLargeBatch() throws SQLException {
        checkOpen();
        ExecuteBatch.Builder batch = ExecuteBatch.newBuilder().setSql(sql);
        for (Value[] row : batches) {
            batch.addParameterRows(Row.newBuilder().addAllValues(Arrays.asList(row)));
        }
        batches.clear();
        try {
            ClientResponse response = connection.session().call(ClientRequest.newBuilder().setExecuteBatch(batch));
            return response.getBatchCounts().getCountsList().stream().mapToLong(Long::longValue).toArray();
        } catch (BatchFailure e) {
            throw e.toBatchUpdateException();
        } catch (java.sql.SQLNonTransientConnectionException e) {
            throw e;
        } catch (SQLException e) {
            // The first row failed: nothing ran, so the batch reports no counts.
            throw new java.sql.BatchUpdateException(e.getMessage(), e.getSQLState(), 0, new long[0], e);
        }
    }

    @Override
    public int[] executeBatch() throws SQLException {
        long[] counts = executeLargeBatch();
        int[] out = new int[counts.length];
        for (int i = 0; i < counts.length; i++) {
            out[i] = (int) counts[i];
        }
        return out;
    }

    @Override
    public void clearParameters() throws SQLException {
        checkOpen();
        parameters = new Value[parameterCount];
    }

    @Override
    public void setNull(int index, int sqlType) throws SQLException {
        set(index, NULL);
    }

    @Override
    public void setNull(int index, int sqlType, String typeName) throws SQLException {
        set(index, NULL);
    }

    @Override
    public void setBoolean(int index, boolean x) throws SQLException {
        set(index, ValueCodec.toValue(x));
    }

    @Override
    public void setByte(int index, byte x) throws SQLException {
        set(index, ValueCodec.toValue(x));
    }

    @Override
    public void setShort(int index, short x) throws SQLException {
        set(index, ValueCodec.toValue(x));
    }

    @Override
    public void setInt(int index, int x) throws SQLException {
        set(index, ValueCodec.toValue(x));
    }

    @Override
    public void setLong(int index, long x) throws SQLException {
        set(index, ValueCodec.toValue(x));
    }

    @Override
    public void setFloat(int index, float x) throws SQLException {
        set(index, ValueCodec.toValue(x));
    }

    @Override
    public void setDouble(int index, double x) throws SQLException {
        set(index, ValueCodec.toValue(x));
    }

    @Override
    public void setBigDecimal(int index, BigDecimal x) throws SQLException {
        set(index, ValueCodec.toValue(x));
    }

    @Override
    public void setString(int index, String x) throws SQLException {
        set(index, ValueCodec.toValue(x));
    }

    @Override
    public void setNString(int index, String x) throws SQLException {
        setString(index, x);
    }

    @Override
    public void setBytes(int index, byte[] x) throws SQLException {
        set(index, ValueCodec.toValue(x));
    }

    @Override
    public void setDate(int index, Date x) throws SQLException {
        set(index, ValueCodec.toValue(x));
    }

    @Override
    public void setTime(int index, Time x) throws SQLException {
        set(index, ValueCodec.toValue(x));
    }

    @Override
    public void setTimestamp(int index, Timestamp x) throws SQLException {
        set(index, ValueCodec.toValue(x));
    }

    @Override
    public void setDate(int index, Date x, Calendar cal) throws SQLException {
        setDate(index, x);
    }

    @Override
    public void setTime(int index, Time x, Calendar cal) throws SQLException {
        setTime(index, x);
    }

    @Override
    public void setTimestamp(int index, Timestamp x, Calendar cal) throws SQLException {
        setTimestamp(index, x);
    }

    @Override
    public void setObject(int index, Object x) throws SQLException {
        Object value = x;
        if (x instanceof LocalDate d) {
            value = Date.valueOf(d);
        } else if (x instanceof LocalTime t) {
            value = Time.valueOf(t);
        } else if (x instanceof LocalDateTime t) {
            value = Timestamp.valueOf(t);
        } else if (x instanceof Character c) {
            value = c.toString();
        } else if (x != null && !(x instanceof Number || x instanceof String || x instanceof Boolean
                || x instanceof byte[] || x instanceof java.util.Date)) {
            throw Errors.of("22023", "cannot bind a " + x.getClass().getName() + " as a parameter", null);
        }
        if (value instanceof java.math.BigInteger big) {
            value = new BigDecimal(big);
        }
        set(index, ValueCodec.toValue(value));
    }

    @Override
    public void setObject(int index, Object x, int targetSqlType) throws SQLException {
        setObject(index, x);
    }

    @Override
    public void setObject(int index, Object x, int targetSqlType, int scaleOrLength) throws SQLException {
        setObject(index, x);
    }

    /** The result's columns before execution (a Prepare round trip, once); null for statements without rows. */
    @Override
    public ResultSetMetaData getMetaData() throws SQLException {
        List<Column> columns = description().getColumnsList();
        return columns.isEmpty() ? null : new MeridianResultSetMetaData(columns);
    }

    private PrepareOk description() throws SQLException {
        checkOpen();
        if (description == null) {
            description = connection.session().call(ClientRequest.newBuilder().setPrepare(Prepare.newBuilder().setSql(sql)),
                    connection.holdsNoServerState()).getPrepared();
        }
        return description;
    }

    @Override
    public ParameterMetaData getParameterMetaData() throws SQLException {
        return new MeridianParameterMetaData(description().getParametersList());
    }

    @Override
    public boolean execute(String sql) throws SQLException {
        throw Errors.of("HY000", "execute(String) cannot be called on a PreparedStatement", null);
    }

    @Override
    public ResultSet executeQuery(String sql) throws SQLException {
        throw Errors.of("HY000", "executeQuery(String) cannot be called on a PreparedStatement", null);
    }

    @Override
    public int executeUpdate(String sql) throws SQLException {
        throw Errors.of("HY000", "executeUpdate(String) cannot be called on a PreparedStatement", null);
    }

    @Override
    public void setAsciiStream(int index, InputStream x, int length) throws SQLException {
        throw Errors.unsupported("streams");
    }

    @Override
    public void setUnicodeStream(int index, InputStream x, int length) throws SQLException {
        throw Errors.unsupported("streams");
    }

    @Override
    public void setBinaryStream(int index, InputStream x, int length) throws SQLException {
        throw Errors.unsupported("streams");
    }

    @Override
    public void setCharacterStream(int index, Reader reader, int length) throws SQLException {
        throw Errors.unsupported("streams");
    }

    @Override
    public void setRef(int index, Ref x) throws SQLException {
        throw Errors.unsupported("REF");
    }

    @Override
    public void setBlob(int index, Blob x) throws SQLException {
        throw Errors.unsupported("BLOB");
    }

    @Override
    public void setClob(int index, Clob x) throws SQLException {
        throw Errors.unsupported("CLOB");
    }

    @Override
    public void setArray(int index, Array x) throws SQLException {
        throw Errors.unsupported("arrays");
    }

    @Override
    public void setURL(int index, URL x) throws SQLException {
        throw Errors.unsupported("URL");
    }

    @Override
    public void setRowId(int index, RowId x) throws SQLException {
        throw Errors.unsupported("ROWID");
    }

    @Override
    public void setNCharacterStream(int index, Reader value, long length) throws SQLException {
        throw Errors.unsupported("streams");
    }

    @Override
    public void setNClob(int index, NClob value) throws SQLException {
        throw Errors.unsupported("NCLOB");
    }

    @Override
    public void setClob(int index, Reader reader, long length) throws SQLException {
        throw Errors.unsupported("CLOB");
    }

    @Override
    public void setBlob(int index, InputStream inputStream, long length) throws SQLException {
        throw Errors.unsupported("BLOB");
    }

    @Override
    public void setNClob(int index, Reader reader, long length) throws SQLException {
        throw Errors.unsupported("NCLOB");
    }

    @Override
    public void setSQLXML(int index, SQLXML xmlObject) throws SQLException {
        throw Errors.unsupported("SQLXML");
    }

    @Override
    public void setAsciiStream(int index, InputStream x, long length) throws SQLException {
        throw Errors.unsupported("streams");
    }

    @Override
    public void setBinaryStream(int index, InputStream x, long length) throws SQLException {
        throw Errors.unsupported("streams");
    }

    @Override
    public void setCharacterStream(int index, Reader reader, long length) throws SQLException {
        throw Errors.unsupported("streams");
    }

    @Override
    public void setAsciiStream(int index, InputStream x) throws SQLException {
        throw Errors.unsupported("streams");
    }

    @Override
    public void setBinaryStream(int index, InputStream x) throws SQLException {
        throw Errors.unsupported("streams");
    }

    @Override
    public void setCharacterStream(int index, Reader reader) throws SQLException {
        throw Errors.unsupported("streams");
    }

    @Override
    public void setNCharacterStream(int index, Reader value) throws SQLException {
        throw Errors.unsupported("streams");
    }

    @Override
    public void setClob(int index, Reader reader) throws SQLException {
        throw Errors.unsupported("CLOB");
    }

    @Override
    public void setBlob(int index, InputStream inputStream) throws SQLException {
        throw Errors.unsupported("BLOB");
    }

    @Override
    public void setNClob(int index, Reader reader) throws SQLException {
        throw Errors.unsupported("NCLOB");
    }
}
