package io.meridian.jdbc;

/**
 * What a forward-only, read-only result set of plain values does not do: updates, scrolling,
 * LOBs and streams. Every such call says so with SQLState 0A000.
 */
abstract class ReadOnlyResultSet implements java.sql.ResultSet {
    @Override
    public java.io.InputStream getAsciiStream(int p0) throws java.sql.SQLException {
        throw Errors.unsupported("AsciiStream");
    }

    @Override
    public java.io.InputStream getUnicodeStream(int p0) throws java.sql.SQLException {
        throw Errors.unsupported("UnicodeStream");
    }

    @Override
    public java.io.InputStream getBinaryStream(int p0) throws java.sql.SQLException {
        throw Errors.unsupported("BinaryStream");
    }

    @Override
    public java.io.InputStream getAsciiStream(java.lang.String p0) throws java.sql.SQLException {
        throw Errors.unsupported("AsciiStream");
    }

    @Override
    public java.io.InputStream getUnicodeStream(java.lang.String p0) throws java.sql.SQLException {
        throw Errors.unsupported("UnicodeStream");
    }

    @Override
    public java.io.InputStream getBinaryStream(java.lang.String p0) throws java.sql.SQLException {
        throw Errors.unsupported("BinaryStream");
    }

    @Override
    public java.lang.String getCursorName() throws java.sql.SQLException {
        throw Errors.unsupported("CursorName");
    }

    @Override
    public java.io.Reader getCharacterStream(int p0) throws java.sql.SQLException {
        throw Errors.unsupported("CharacterStream");
    }

    @Override
    public java.io.Reader getCharacterStream(java.lang.String p0) throws java.sql.SQLException {
        throw Errors.unsupported("CharacterStream");
    }

    @Override
    public boolean isLast() throws java.sql.SQLException {
        throw Errors.unsupported("scrolling");
    }

    @Override
    public void beforeFirst() throws java.sql.SQLException {
        throw Errors.unsupported("scrolling");
    }

    @Override
    public void afterLast() throws java.sql.SQLException {
        throw Errors.unsupported("scrolling");
    }

    @Override
    public boolean first() throws java.sql.SQLException {
        throw Errors.unsupported("scrolling");
    }

    @Override
    public boolean last() throws java.sql.SQLException {
        throw Errors.unsupported("scrolling");
    }

    @Override
    public boolean absolute(int p0) throws java.sql.SQLException {
        throw Errors.unsupported("scrolling");
    }

    @Override
    public boolean relative(int p0) throws java.sql.SQLException {
        throw Errors.unsupported("scrolling");
    }

    @Override
    public boolean previous() throws java.sql.SQLException {
        throw Errors.unsupported("scrolling");
    }

    @Override
    public boolean rowUpdated() throws java.sql.SQLException {
        throw Errors.unsupported("updatable result sets");
    }

    @Override
    public boolean rowInserted() throws java.sql.SQLException {
        throw Errors.unsupported("updatable result sets");
    }

    @Override
    public boolean rowDeleted() throws java.sql.SQLException {
        throw Errors.unsupported("updatable result sets");
    }

    @Override
    public void updateNull(int p0) throws java.sql.SQLException {
        throw Errors.unsupported("updatable result sets");
    }

    @Override
    public void updateBoolean(int p0, boolean p1) throws java.sql.SQLException {
        throw Errors.unsupported("updatable result sets");
    }

    @Override
    public void updateByte(int p0, byte p1) throws java.sql.SQLException {
        throw Errors.unsupported("updatable result sets");
    }

    @Override
    public void updateShort(int p0, short p1) throws java.sql.SQLException {
        throw Errors.unsupported("updatable result sets");
    }

    @Override
    public void updateInt(int p0, int p1) throws java.sql.SQLException {
        throw Errors.unsupported("updatable result sets");
    }

    @Override
    public void updateLong(int p0, long p1) throws java.sql.SQLException {
        throw Errors.unsupported("updatable result sets");
    }

    @Override
    public void updateFloat(int p0, float p1) throws java.sql.SQLException {
        throw Errors.unsupported("updatable result sets");
    }

    @Override
    public void updateDouble(int p0, double p1) throws java.sql.SQLException {
        throw Errors.unsupported("updatable result sets");
    }

    @Override
    public void updateBigDecimal(int p0, java.math.BigDecimal p1) throws java.sql.SQLException {
        throw Errors.unsupported("updatable result sets");
    }

    @Override
    public void updateString(int p0, java.lang.String p1) throws java.sql.SQLException {
        throw Errors.unsupported("updatable result sets");
    }

    @Override
    public void updateBytes(int p0, byte[] p1) throws java.sql.SQLException {
        throw Errors.unsupported("updatable result sets");
    }

    @Override
    public void updateDate(int p0, java.sql.Date p1) throws java.sql.SQLException {
        throw Errors.unsupported("updatable result sets");
    }

    @Override
    public void updateTime(int p0, java.sql.Time p1) throws java.sql.SQLException {
        throw Errors.unsupported("updatable result sets");
    }

    @Override
    public void updateTimestamp(int p0, java.sql.Timestamp p1) throws java.sql.SQLException {
        throw Errors.unsupported("updatable result sets");
    }

    @Override
    public void updateAsciiStream(int p0, java.io.InputStream p1, int p2) throws java.sql.SQLException {
        throw Errors.unsupported("updatable result sets");
    }

    @Override
    public void updateBinaryStream(int p0, java.io.InputStream p1, int p2) throws java.sql.SQLException {
        throw Errors.unsupported("updatable result sets");
    }

    @Override
    public void updateCharacterStream(int p0, java.io.Reader p1, int p2) throws java.sql.SQLException {
        throw Errors.unsupported("updatable result sets");
    }

    @Override
    public void updateObject(int p0, java.lang.Object p1, int p2) throws java.sql.SQLException {
        throw Errors.unsupported("updatable result sets");
    }

    @Override
    public void updateObject(int p0, java.lang.Object p1) throws java.sql.SQLException {
        throw Errors.unsupported("updatable result sets");
    }

    @Override
    public void updateNull(java.lang.String p0) throws java.sql.SQLException {
        throw Errors.unsupported("updatable result sets");
    }

    @Override
    public void updateBoolean(java.lang.String p0, boolean p1) throws java.sql.SQLException {
        throw Errors.unsupported("updatable result sets");
    }

    @Override
    public void updateByte(java.lang.String p0, byte p1) throws java.sql.SQLException {
        throw Errors.unsupported("updatable result sets");
    }

    @Override
    public void updateShort(java.lang.String p0, short p1) throws java.sql.SQLException {
        throw Errors.unsupported("updatable result sets");
    }

    @Override
    public void updateInt(java.lang.String p0, int p1) throws java.sql.SQLException {
        throw Errors.unsupported("updatable result sets");
    }

    @Override
    public void updateLong(java.lang.String p0, long p1) throws java.sql.SQLException {
        throw Errors.unsupported("updatable result sets");
    }

    @Override
    public void updateFloat(java.lang.String p0, float p1) throws java.sql.SQLException {
        throw Errors.unsupported("updatable result sets");
    }

    @Override
    public void updateDouble(java.lang.String p0, double p1) throws java.sql.SQLException {
        throw Errors.unsupported("updatable result sets");
    }

    @Override
    public void updateBigDecimal(java.lang.String p0, java.math.BigDecimal p1) throws java.sql.SQLException {
        throw Errors.unsupported("updatable result sets");
    }

    @Override
    public void updateString(java.lang.String p0, java.lang.String p1) throws java.sql.SQLException {
        throw Errors.unsupported("updatable result sets");
    }

    @Override
    public void updateBytes(java.lang.String p0, byte[] p1) throws java.sql.SQLException {
        throw Errors.unsupported("updatable result sets");
    }

    @Override
    public void updateDate(java.lang.String p0, java.sql.Date p1) throws java.sql.SQLException {
        throw Errors.unsupported("updatable result sets");
    }

    @Override
    public void updateTime(java.lang.String p0, java.sql.Time p1) throws java.sql.SQLException {
        throw Errors.unsupported("updatable result sets");
    }

    @Override
    public void updateTimestamp(java.lang.String p0, java.sql.Timestamp p1) throws java.sql.SQLException {
        throw Errors.unsupported("updatable result sets");
    }

    @Override
    public void updateAsciiStream(java.lang.String p0, java.io.InputStream p1, int p2) throws java.sql.SQLException {
        throw Errors.unsupported("updatable result sets");
    }

    @Override
    public void updateBinaryStream(java.lang.String p0, java.io.InputStream p1, int p2) throws java.sql.SQLException {
        throw Errors.unsupported("updatable result sets");
    }

    @Override
    public void updateCharacterStream(java.lang.String p0, java.io.Reader p1, int p2) throws java.sql.SQLException {
        throw Errors.unsupported("updatable result sets");
    }

    @Override
    public void updateObject(java.lang.String p0, java.lang.Object p1, int p2) throws java.sql.SQLException {
        throw Errors.unsupported("updatable result sets");
    }

    @Override
    public void updateObject(java.lang.String p0, java.lang.Object p1) throws java.sql.SQLException {
        throw Errors.unsupported("updatable result sets");
    }

    @Override
    public void insertRow() throws java.sql.SQLException {
        throw Errors.unsupported("updatable result sets");
    }

    @Override
    public void updateRow() throws java.sql.SQLException {
        throw Errors.unsupported("updatable result sets");
    }

    @Override
    public void deleteRow() throws java.sql.SQLException {
        throw Errors.unsupported("updatable result sets");
    }

    @Override
    public void refreshRow() throws java.sql.SQLException {
        throw Errors.unsupported("updatable result sets");
    }

    @Override
    public void cancelRowUpdates() throws java.sql.SQLException {
        throw Errors.unsupported("updatable result sets");
    }

    @Override
    public void moveToInsertRow() throws java.sql.SQLException {
        throw Errors.unsupported("updatable result sets");
    }

    @Override
    public void moveToCurrentRow() throws java.sql.SQLException {
        throw Errors.unsupported("updatable result sets");
    }

    @Override
    public java.sql.Ref getRef(int p0) throws java.sql.SQLException {
        throw Errors.unsupported("Ref");
    }

    @Override
    public java.sql.Blob getBlob(int p0) throws java.sql.SQLException {
        throw Errors.unsupported("Blob");
    }

    @Override
    public java.sql.Clob getClob(int p0) throws java.sql.SQLException {
        throw Errors.unsupported("Clob");
    }

    @Override
    public java.sql.Array getArray(int p0) throws java.sql.SQLException {
        throw Errors.unsupported("Array");
    }

    @Override
    public java.sql.Ref getRef(java.lang.String p0) throws java.sql.SQLException {
        throw Errors.unsupported("Ref");
    }

    @Override
    public java.sql.Blob getBlob(java.lang.String p0) throws java.sql.SQLException {
        throw Errors.unsupported("Blob");
    }

    @Override
    public java.sql.Clob getClob(java.lang.String p0) throws java.sql.SQLException {
        throw Errors.unsupported("Clob");
    }

    @Override
    public java.sql.Array getArray(java.lang.String p0) throws java.sql.SQLException {
        throw Errors.unsupported("Array");
    }

    @Override
    public java.net.URL getURL(int p0) throws java.sql.SQLException {
        throw Errors.unsupported("URL");
    }

    @Override
    public java.net.URL getURL(java.lang.String p0) throws java.sql.SQLException {
        throw Errors.unsupported("URL");
    }

    @Override
    public void updateRef(int p0, java.sql.Ref p1) throws java.sql.SQLException {
        throw Errors.unsupported("updatable result sets");
    }

    @Override
    public void updateRef(java.lang.String p0, java.sql.Ref p1) throws java.sql.SQLException {
        throw Errors.unsupported("updatable result sets");
    }

    @Override
    public void updateBlob(int p0, java.sql.Blob p1) throws java.sql.SQLException {
        throw Errors.unsupported("updatable result sets");
    }

    @Override
    public void updateBlob(java.lang.String p0, java.sql.Blob p1) throws java.sql.SQLException {
        throw Errors.unsupported("updatable result sets");
    }

    @Override
    public void updateClob(int p0, java.sql.Clob p1) throws java.sql.SQLException {
        throw Errors.unsupported("updatable result sets");
    }

    @Override
    public void updateClob(java.lang.String p0, java.sql.Clob p1) throws java.sql.SQLException {
        throw Errors.unsupported("updatable result sets");
    }

    @Override
    public void updateArray(int p0, java.sql.Array p1) throws java.sql.SQLException {
        throw Errors.unsupported("updatable result sets");
    }

    @Override
    public void updateArray(java.lang.String p0, java.sql.Array p1) throws java.sql.SQLException {
        throw Errors.unsupported("updatable result sets");
    }

    @Override
    public java.sql.RowId getRowId(int p0) throws java.sql.SQLException {
        throw Errors.unsupported("RowId");
    }

    @Override
    public java.sql.RowId getRowId(java.lang.String p0) throws java.sql.SQLException {
        throw Errors.unsupported("RowId");
    }

    @Override
    public void updateRowId(int p0, java.sql.RowId p1) throws java.sql.SQLException {
        throw Errors.unsupported("updatable result sets");
    }

    @Override
    public void updateRowId(java.lang.String p0, java.sql.RowId p1) throws java.sql.SQLException {
        throw Errors.unsupported("updatable result sets");
    }

    @Override
    public void updateNString(int p0, java.lang.String p1) throws java.sql.SQLException {
        throw Errors.unsupported("updatable result sets");
    }

    @Override
    public void updateNString(java.lang.String p0, java.lang.String p1) throws java.sql.SQLException {
        throw Errors.unsupported("updatable result sets");
    }

    @Override
    public void updateNClob(int p0, java.sql.NClob p1) throws java.sql.SQLException {
        throw Errors.unsupported("updatable result sets");
    }

    @Override
    public void updateNClob(java.lang.String p0, java.sql.NClob p1) throws java.sql.SQLException {
        throw Errors.unsupported("updatable result sets");
    }

    @Override
    public java.sql.NClob getNClob(int p0) throws java.sql.SQLException {
        throw Errors.unsupported("NClob");
    }

    @Override
    public java.sql.NClob getNClob(java.lang.String p0) throws java.sql.SQLException {
        throw Errors.unsupported("NClob");
    }

    @Override
    public java.sql.SQLXML getSQLXML(int p0) throws java.sql.SQLException {
        throw Errors.unsupported("SQLXML");
    }

    @Override
    public java.sql.SQLXML getSQLXML(java.lang.String p0) throws java.sql.SQLException {
        throw Errors.unsupported("SQLXML");
    }

    @Override
    public void updateSQLXML(int p0, java.sql.SQLXML p1) throws java.sql.SQLException {
        throw Errors.unsupported("updatable result sets");
    }

    @Override
    public void updateSQLXML(java.lang.String p0, java.sql.SQLXML p1) throws java.sql.SQLException {
        throw Errors.unsupported("updatable result sets");
    }

    @Override
    public java.lang.String getNString(int p0) throws java.sql.SQLException {
        throw Errors.unsupported("NString");
    }

    @Override
    public java.lang.String getNString(java.lang.String p0) throws java.sql.SQLException {
        throw Errors.unsupported("NString");
    }

    @Override
    public java.io.Reader getNCharacterStream(int p0) throws java.sql.SQLException {
        throw Errors.unsupported("NCharacterStream");
    }

    @Override
    public java.io.Reader getNCharacterStream(java.lang.String p0) throws java.sql.SQLException {
        throw Errors.unsupported("NCharacterStream");
    }

    @Override
    public void updateNCharacterStream(int p0, java.io.Reader p1, long p2) throws java.sql.SQLException {
        throw Errors.unsupported("updatable result sets");
    }

    @Override
    public void updateNCharacterStream(java.lang.String p0, java.io.Reader p1, long p2) throws java.sql.SQLException {
        throw Errors.unsupported("updatable result sets");
    }

    @Override
    public void updateAsciiStream(int p0, java.io.InputStream p1, long p2) throws java.sql.SQLException {
        throw Errors.unsupported("updatable result sets");
    }

    @Override
    public void updateBinaryStream(int p0, java.io.InputStream p1, long p2) throws java.sql.SQLException {
        throw Errors.unsupported("updatable result sets");
    }

    @Override
    public void updateCharacterStream(int p0, java.io.Reader p1, long p2) throws java.sql.SQLException {
        throw Errors.unsupported("updatable result sets");
    }

    @Override
    public void updateAsciiStream(java.lang.String p0, java.io.InputStream p1, long p2) throws java.sql.SQLException {
        throw Errors.unsupported("updatable result sets");
    }

    @Override
    public void updateBinaryStream(java.lang.String p0, java.io.InputStream p1, long p2) throws java.sql.SQLException {
        throw Errors.unsupported("updatable result sets");
    }

    @Override
    public void updateCharacterStream(java.lang.String p0, java.io.Reader p1, long p2) throws java.sql.SQLException {
        throw Errors.unsupported("updatable result sets");
    }

    @Override
    public void updateBlob(int p0, java.io.InputStream p1, long p2) throws java.sql.SQLException {
        throw Errors.unsupported("updatable result sets");
    }

    @Override
    public void updateBlob(java.lang.String p0, java.io.InputStream p1, long p2) throws java.sql.SQLException {
        throw Errors.unsupported("updatable result sets");
    }

    @Override
    public void updateClob(int p0, java.io.Reader p1, long p2) throws java.sql.SQLException {
        throw Errors.unsupported("updatable result sets");
    }

    @Override
    public void updateClob(java.lang.String p0, java.io.Reader p1, long p2) throws java.sql.SQLException {
        throw Errors.unsupported("updatable result sets");
    }

    @Override
    public void updateNClob(int p0, java.io.Reader p1, long p2) throws java.sql.SQLException {
        throw Errors.unsupported("updatable result sets");
    }

    @Override
    public void updateNClob(java.lang.String p0, java.io.Reader p1, long p2) throws java.sql.SQLException {
        throw Errors.unsupported("updatable result sets");
    }

    @Override
    public void updateNCharacterStream(int p0, java.io.Reader p1) throws java.sql.SQLException {
        throw Errors.unsupported("updatable result sets");
    }

    @Override
    public void updateNCharacterStream(java.lang.String p0, java.io.Reader p1) throws java.sql.SQLException {
        throw Errors.unsupported("updatable result sets");
    }

    @Override
    public void updateAsciiStream(int p0, java.io.InputStream p1) throws java.sql.SQLException {
        throw Errors.unsupported("updatable result sets");
    }

    @Override
    public void updateBinaryStream(int p0, java.io.InputStream p1) throws java.sql.SQLException {
        throw Errors.unsupported("updatable result sets");
    }

    @Override
    public void updateCharacterStream(int p0, java.io.Reader p1) throws java.sql.SQLException {
        throw Errors.unsupported("updatable result sets");
    }

    @Override
    public void updateAsciiStream(java.lang.String p0, java.io.InputStream p1) throws java.sql.SQLException {
        throw Errors.unsupported("updatable result sets");
    }

    @Override
    public void updateBinaryStream(java.lang.String p0, java.io.InputStream p1) throws java.sql.SQLException {
        throw Errors.unsupported("updatable result sets");
    }

    @Override
    public void updateCharacterStream(java.lang.String p0, java.io.Reader p1) throws java.sql.SQLException {
        throw Errors.unsupported("updatable result sets");
    }

    @Override
    public void updateBlob(int p0, java.io.InputStream p1) throws java.sql.SQLException {
        throw Errors.unsupported("updatable result sets");
    }

    @Override
    public void updateBlob(java.lang.String p0, java.io.InputStream p1) throws java.sql.SQLException {
        throw Errors.unsupported("updatable result sets");
    }

    @Override
    public void updateClob(int p0, java.io.Reader p1) throws java.sql.SQLException {
        throw Errors.unsupported("updatable result sets");
    }

    @Override
    public void updateClob(java.lang.String p0, java.io.Reader p1) throws java.sql.SQLException {
        throw Errors.unsupported("updatable result sets");
    }

    @Override
    public void updateNClob(int p0, java.io.Reader p1) throws java.sql.SQLException {
        throw Errors.unsupported("updatable result sets");
    }

    @Override
    public void updateNClob(java.lang.String p0, java.io.Reader p1) throws java.sql.SQLException {
        throw Errors.unsupported("updatable result sets");
    }
}
