package io.meridian.sql.exec;

import io.meridian.sql.SqlStateException;
import io.meridian.sql.SqlStates;
import io.meridian.sql.calcite.ColumnTypes;
import io.meridian.sql.calcite.MeridianTable;
import io.meridian.sql.catalog.TableDef;
import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.sql.SqlDelete;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlUpdate;
import org.apache.calcite.sql.dialect.CalciteSqlDialect;

/**
 * UPDATE and DELETE run as a SELECT over the table's keyed variant (storage key first), so Calcite
 * plans and evaluates the WHERE clause and the new values, subqueries included; the session then
 * writes the changes. The whole selection is read before any write, so a statement never sees
 * its own changes (no Halloween problem). Dynamic parameters keep their order: SET before WHERE.
 */
public final class DmlRewriter {
    /** The SELECT to run and, for UPDATE, which column each trailing value replaces. */
    public record Rewrite(TableDef table, String selectSql, List<Integer> updatedColumns) {
    }

    private DmlRewriter() {
    }

    public static Rewrite update(SqlUpdate update, TableDef table) throws SqlStateException {
        StringBuilder select = new StringBuilder("SELECT ").append(quote(aliasOf(update.getTargetTable(), update.getAlias())))
                .append(".*");
        List<Integer> updated = new ArrayList<>();
        List<SqlNode> columns = update.getTargetColumnList().getList();
        for (int i = 0; i < columns.size(); i++) {
            String name = ((SqlIdentifier) columns.get(i)).names.get(((SqlIdentifier) columns.get(i)).names.size() - 1);
            int position = table.columnIndex(name);
            if (position < 0) {
                throw new SqlStateException(SqlStates.UNDEFINED_COLUMN, "column \"" + name + "\" of table \"" + table.name()
                        + "\" does not exist");
            }
            if (updated.contains(position)) {
                // SQL:2016 14.15 (and PostgreSQL): a column may be assigned once per UPDATE.
                throw new SqlStateException("42701", "column \"" + name + "\" assigned more than once");
            }
            updated.add(position);
            select.append(", CAST((").append(unparse(update.getSourceExpressionList().get(i))).append(") AS ")
                    .append(ColumnTypes.assignmentCastText(table.columns().get(position))).append(")");
        }
        appendFromWhere(select, table, update.getTargetTable(), update.getAlias(), update.getCondition());
        return new Rewrite(table, select.toString(), updated);
    }

    public static Rewrite delete(SqlDelete delete, TableDef table) {
        // The whole stored row, storage key first: deleting a row also deletes its index entries.
        StringBuilder select = new StringBuilder("SELECT ").append(quote(aliasOf(delete.getTargetTable(), delete.getAlias())))
                .append(".*");
        appendFromWhere(select, table, delete.getTargetTable(), delete.getAlias(), delete.getCondition());
        return new Rewrite(table, select.toString(), List.of());
    }

    /** The table name the statement targets (last part of a possibly qualified identifier). */
    public static String targetName(SqlNode target) throws SqlStateException {
        if (!(target instanceof SqlIdentifier id)) {
            throw new SqlStateException(SqlStates.FEATURE_NOT_SUPPORTED, "only a table can be the target of UPDATE or DELETE");
        }
        return id.names.get(id.names.size() - 1);
    }

    private static void appendFromWhere(StringBuilder select, TableDef table, SqlNode target, SqlIdentifier alias,
            SqlNode condition) {
        select.append(" FROM ").append(quote(table.name() + MeridianTable.KEYED_SUFFIX)).append(" AS ")
                .append(quote(aliasOf(target, alias)));
        if (condition != null) {
            select.append(" WHERE ").append(unparse(condition));
        }
    }

    private static String aliasOf(SqlNode target, SqlIdentifier alias) {
        if (alias != null) {
            return alias.getSimple();
        }
        SqlIdentifier id = (SqlIdentifier) target;
        return id.names.get(id.names.size() - 1);
    }

    private static String unparse(SqlNode node) {
        return node.toSqlString(CalciteSqlDialect.DEFAULT).getSql();
    }

    private static String quote(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }
}
