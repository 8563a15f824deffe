package io.meridian.rpc.api;

import com.google.protobuf.ByteString;
import io.meridian.rpc.client.Value;
import java.math.BigDecimal;
import java.sql.Date;
import java.sql.Time;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.LocalTime;

/**
 * Converts between protocol values and JDBC-style Java objects (Long, Double, BigDecimal, String,
 * Boolean, byte[], java.sql.Date/Time/Timestamp), for both ends of the client protocol.
 */
public final class ValueCodec {
    private ValueCodec() {
    }

    public static Object toJava(Value value) {
        return switch (value.getKindCase()) {
            case IS_NULL, KIND_NOT_SET -> null;
            case INT64 -> value.getInt64();
            case FLOAT64 -> value.getFloat64();
            case TEXT -> value.getText();
            case BOOLEAN -> value.getBoolean();
            case BINARY -> value.getBinary().toByteArray();
            case DECIMAL -> new BigDecimal(value.getDecimal());
            case DATE_DAYS -> Date.valueOf(LocalDate.ofEpochDay(value.getDateDays()));
            case TIME_MICROS -> Time.valueOf(LocalTime.ofNanoOfDay(value.getTimeMicros() * 1_000));
            case TIMESTAMP_MICROS -> timestamp(value.getTimestampMicros());
        };
    }

    public static Value toValue(Object object) {
        Value.Builder b = Value.newBuilder();
        if (object == null) {
            return b.setIsNull(true).build();
        }
        if (object instanceof Long || object instanceof Integer || object instanceof Short || object instanceof Byte) {
            return b.setInt64(((Number) object).longValue()).build();
        }
        if (object instanceof Double || object instanceof Float) {
            return b.setFloat64(((Number) object).doubleValue()).build();
        }
        if (object instanceof BigDecimal d) {
            return b.setDecimal(d.toString()).build();
        }
        if (object instanceof String s) {
            return b.setText(s).build();
        }
        if (object instanceof Boolean bool) {
            return b.setBoolean(bool).build();
        }
        if (object instanceof byte[] bytes) {
            return b.setBinary(ByteString.copyFrom(bytes)).build();
        }
        if (object instanceof Date d) {
            return b.setDateDays((int) d.toLocalDate().toEpochDay()).build();
        }
        if (object instanceof Time t) {
            return b.setTimeMicros(t.toLocalTime().toNanoOfDay() / 1_000).build();
        }
        if (object instanceof Timestamp ts) {
            // getTime() already holds the millis of getNanos(): take whole seconds from it.
            return b.setTimestampMicros(Math.floorDiv(ts.getTime(), 1_000) * 1_000_000 + ts.getNanos() / 1_000).build();
        }
        return b.setText(object.toString()).build();
    }

    private static Timestamp timestamp(long micros) {
        Timestamp ts = new Timestamp(Math.floorDiv(micros, 1_000_000) * 1_000);
        ts.setNanos((int) Math.floorMod(micros, 1_000_000) * 1_000);
        return ts;
    }
}
