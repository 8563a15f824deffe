package io.meridian.storage;

/** What one GC pass did: user keys it looked at and versions it removed. */
public record GcStats(long keysVisited, long versionsRemoved) {
}
