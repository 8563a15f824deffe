package io.meridian.server.session;

import java.security.SecureRandom;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The node's live sessions by id, for cancel requests: a client cancels from a second connection
 * (its first is busy running the statement), proving ownership with the session's secret key.
 */
public final class SessionRegistry {
    private record Entry(long cancelKey, Runnable cancel) {
    }

    private final Map<Long, Entry> sessions = new ConcurrentHashMap<>();
    private final SecureRandom random = new SecureRandom();

    /** Registers a session's cancel action; returns the key a cancel request must quote. */
    public long register(long sessionId, Runnable cancel) {
        long key;
        do {
            key = random.nextLong();
        } while (key == 0);
        sessions.put(sessionId, new Entry(key, cancel));
        return key;
    }

    public void unregister(long sessionId) {
        sessions.remove(sessionId);
    }

    /** Cancels the session's running statement when the key matches; silently ignores a mismatch. */
    public void cancel(long sessionId, long cancelKey) {
        Entry entry = sessions.get(sessionId);
        if (entry != null && entry.cancelKey() == cancelKey) {
            entry.cancel().run();
        }
    }

    public int size() {
        return sessions.size();
    }
}
