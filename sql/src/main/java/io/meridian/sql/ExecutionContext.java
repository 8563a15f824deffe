package io.meridian.sql;

import io.meridian.sql.calcite.TableAccess;
import java.util.Locale;
import java.util.Map;
import java.util.TimeZone;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.calcite.DataContext;
import org.apache.calcite.adapter.java.JavaTypeFactory;
import org.apache.calcite.linq4j.QueryProvider;
import org.apache.calcite.rel.type.TimeFrames;
import org.apache.calcite.runtime.Hook;
import org.apache.calcite.schema.SchemaPlus;
import org.apache.calcite.util.Holder;

/**
 * The variables one execution of a {@link PreparedQuery} reads: its parameters, the objects the
 * plan stashed, the session running it ({@link TableAccess#CONTEXT_NAME}), and the statement's
 * clock and time zone, as Calcite's own per-execution context defines them (CURRENT_TIMESTAMP is
 * read once per statement, so every row sees the same value). Calcite's version re-parses the connection's properties several
 * times per execution, which cost more than reading the row; this one reads fixed fields.
 */
final class ExecutionContext implements DataContext {
    /** Makes the context of one execution: the session supplies everything but the plan's part. */
    interface Factory {
        ExecutionContext create(Map<String, Object> stashed, Object[] parameters);
    }

    private final SchemaPlus rootSchema;
    private final JavaTypeFactory typeFactory;
    private final QueryProvider queryProvider;
    private final TimeZone timeZone;
    private final TableAccess access;
    private final Map<String, Object> stashed;
    private final Object[] parameters;
    private AtomicBoolean cancelFlag;
    /** The statement's clock reading, taken when the plan first asks for the time (most never do). */
    private Long utcMillis;

    ExecutionContext(SchemaPlus rootSchema, JavaTypeFactory typeFactory, QueryProvider queryProvider, TimeZone timeZone,
            TableAccess access, Map<String, Object> stashed, Object[] parameters) {
        this.rootSchema = rootSchema;
        this.typeFactory = typeFactory;
        this.queryProvider = queryProvider;
        this.timeZone = timeZone;
        this.access = access;
        this.stashed = stashed;
        this.parameters = parameters;
    }

    private long utcMillis() {
        if (utcMillis == null) {
            Holder<Long> time = Holder.of(System.currentTimeMillis());
            Hook.CURRENT_TIME.run(time); // tests may pin the clock, as with Calcite's context
            utcMillis = time.get();
        }
        return utcMillis;
    }

    @Override
    public SchemaPlus getRootSchema() {
        return rootSchema;
    }

    @Override
    public JavaTypeFactory getTypeFactory() {
        return typeFactory;
    }

    @Override
    public QueryProvider getQueryProvider() {
        return queryProvider;
    }

    @Override
    public Object get(String name) {
        if (name.startsWith("?")) {
            // "?0".."?9" without parsing: generated code asks once per parameter per row
            return parameters[name.length() == 2 ? name.charAt(1) - '0' : Integer.parseInt(name, 1, name.length(), 10)];
        }
        Object value = stashed.get(name);
        if (value != null) {
            return value;
        }
        return switch (name) {
            case TableAccess.CONTEXT_NAME -> access;
            case "utcTimestamp" -> utcMillis();
            case "currentTimestamp", "localTimestamp" -> utcMillis() + timeZone.getOffset(utcMillis());
            case "sysTimestamp" -> utcMillis() + TimeZone.getDefault().getOffset(utcMillis());
            case "timeZone" -> timeZone;
            case "timeFrameSet" -> typeFactory.getTypeSystem().deriveTimeFrameSet(TimeFrames.CORE);
            case "user" -> access.user(); // the executing session's, never the planning one's
            case "systemUser" -> System.getProperty("user.name");
            case "locale" -> Locale.ROOT;
            case "cancelFlag" -> cancelFlag == null ? cancelFlag = new AtomicBoolean() : cancelFlag;
            case "stdin" -> System.in;
            case "stdout" -> System.out;
            case "stderr" -> System.err;
            default -> null;
        };
    }
}
