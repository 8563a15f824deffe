package io.meridian.server.session;

import java.security.SecureRandom;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;

/**
 * The node's live sessions by id, for cancel requests: a client cancels from a second connection
 * (its first is busy running the statement), proving ownership with the session's secret key.
 * Also ends autocommit result sets left unread too long ({@link #reap}): their transactions hold
 * shared locks that would otherwise block writers for as long as the client dawdles.
 */
public final class SessionRegistry {
    /** How long an autocommit result set may sit unread before it is closed. */
    public static final long CURSOR_IDLE_MILLIS_MAX = 60_000;

    /** A session whose idle autocommit cursors can be ended. */
    interface Reapable {
        boolean idleCursorExpired(long nowNanos);

        void expireIdleCursors();
    }

    private record Entry(long cancelKey, Runnable cancel, Reapable reapable) {
    }

    private final Map<Long, Entry> sessions = new ConcurrentHashMap<>();
    private final SecureRandom random = new SecureRandom();
    private final long cursorIdleMillisMax;

    public SessionRegistry() {
        this(CURSOR_IDLE_MILLIS_MAX);
    }

    public SessionRegistry(long cursorIdleMillisMax) {
        this.cursorIdleMillisMax = cursorIdleMillisMax;
    }

    long cursorIdleMillisMax() {
        return cursorIdleMillisMax;
    }

    /** Registers a session's cancel action; returns the key a cancel request must quote. */
    public long register(long sessionId, Runnable cancel) {
        return register(sessionId, cancel, null);
    }

    long register(long sessionId, Runnable cancel, Reapable reapable) {
        long key;
        do {
            key = random.nextLong();
        } while (key == 0);
        sessions.put(sessionId, new Entry(key, cancel, reapable));
        return key;
    }

    /**
     * Ends the expired idle autocommit cursors of all sessions. The check takes no lock; the
     * ending runs on {@code executor}, where it may wait for the session's lock.
     */
    public void reap(long nowNanos, Executor executor) {
        for (Entry entry : sessions.values()) {
            if (entry.reapable() != null && entry.reapable().idleCursorExpired(nowNanos)) {
                executor.execute(entry.reapable()::expireIdleCursors);
            }
        }
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
