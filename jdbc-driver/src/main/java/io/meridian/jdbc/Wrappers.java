package io.meridian.jdbc;

import java.sql.SQLException;

/** java.sql.Wrapper for classes that wrap nothing: they unwrap only to themselves. */
final class Wrappers {
    private Wrappers() {
    }

    static <T> T unwrap(Object self, Class<T> iface) throws SQLException {
        if (iface.isInstance(self)) {
            return iface.cast(self);
        }
        throw Errors.of("HY000", "not a wrapper for " + iface.getName(), null);
    }
}
