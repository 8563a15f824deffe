package io.meridian.sql.infoschema;

import io.meridian.sql.catalog.ColumnDef;
import io.meridian.sql.catalog.ViewDef;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * The columns a view produces. A view stores only its query, so its column types come from
 * planning that query; the session that owns the Calcite connection does that.
 */
@FunctionalInterface
public interface ViewColumns {
    /** The view's columns in order; throws when the view no longer plans (an object it reads was dropped). */
    List<ColumnDef> of(ViewDef view) throws Exception;

    /** The columns a prepared {@code SELECT * FROM view} reports. */
    public static List<ColumnDef> fromMetaData(ResultSetMetaData meta) throws SQLException {
        List<ColumnDef> columns = new ArrayList<>();
        for (int i = 1; i <= meta.getColumnCount(); i++) {
            SqlTypeName type = SqlTypeName.getNameForJdbcType(meta.getColumnType(i));
            if (type == null) {
                type = SqlTypeName.ANY;
            }
            boolean hasPrecision = type == SqlTypeName.DECIMAL || type == SqlTypeName.CHAR;
            columns.add(new ColumnDef(meta.getColumnLabel(i), type, hasPrecision ? meta.getPrecision(i) : -1,
                    type == SqlTypeName.DECIMAL ? meta.getScale(i) : -1,
                    meta.isNullable(i) != ResultSetMetaData.columnNoNulls, null));
        }
        return columns;
    }
}
