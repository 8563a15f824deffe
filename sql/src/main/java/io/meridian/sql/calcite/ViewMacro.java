package io.meridian.sql.calcite;

import io.meridian.sql.catalog.ViewDef;
import io.meridian.sql.dialect.MeridianPrepare;
import java.util.List;
import org.apache.calcite.jdbc.CalcitePrepare;
import org.apache.calcite.rel.type.RelDataTypeImpl;
import org.apache.calcite.schema.FunctionParameter;
import org.apache.calcite.schema.TableMacro;
import org.apache.calcite.schema.TranslatableTable;
import org.apache.calcite.schema.impl.ViewTable;

/**
 * A view as Calcite sees it: a table macro without arguments whose table expands the view's
 * query into the query that reads it. The query is analysed with Meridian's dialect in the
 * context of the statement being prepared, so a view reads exactly as its query would.
 */
final class ViewMacro implements TableMacro {
    private final ViewDef def;
    private final List<String> schemaPath;

    ViewMacro(ViewDef def, List<String> schemaPath) {
        this.def = def;
        this.schemaPath = List.copyOf(schemaPath);
    }

    /** The query with the declared column names applied, if any. */
    static String expandedSql(ViewDef def) {
        if (def.columnNames().isEmpty()) {
            return def.querySql();
        }
        StringBuilder sql = new StringBuilder("SELECT * FROM (").append(def.querySql()).append(") AS ")
                .append(quote(def.name())).append(" (");
        for (int i = 0; i < def.columnNames().size(); i++) {
            sql.append(i > 0 ? ", " : "").append(quote(def.columnNames().get(i)));
        }
        return sql.append(")").toString();
    }

    @Override
    public TranslatableTable apply(List<?> arguments) {
        String sql = expandedSql(def);
        CalcitePrepare.Context context = MeridianPrepare.dialect(CalcitePrepare.Dummy.peek());
        CalcitePrepare.AnalyzeViewResult analyzed = new MeridianPrepare().analyzeView(context, sql, false);
        return new ViewTable(Object[].class, RelDataTypeImpl.proto(analyzed.rowType), sql, schemaPath,
                List.of(schemaPath.get(0), def.name()));
    }

    @Override
    public List<FunctionParameter> getParameters() {
        return List.of();
    }

    private static String quote(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }
}
