package io.meridian.rpc.api;

import io.meridian.rpc.client.Column;
import io.meridian.rpc.client.Error;
import io.meridian.rpc.client.Value;
import java.util.List;

/**
 * A statement's answer handed over in process, without the request and response messages around
 * it: what an Execute's response would carry (an error, an update count, or a result's columns,
 * first rows and cursor), with each value still the protocol's {@link Value}, so a client reads
 * it exactly as it reads a response from the network.
 */
public record LocalResult(Error error, long updateCount, List<Column> columns, List<List<Value>> rows, long cursorId,
        boolean hasMore) {

    public static LocalResult failed(Error error) {
        return new LocalResult(error, -1, List.of(), List.of(), 0, false);
    }

    public static LocalResult updated(long count) {
        return new LocalResult(null, count, List.of(), List.of(), 0, false);
    }

    public static LocalResult rows(List<Column> columns, List<List<Value>> rows, long cursorId, boolean hasMore) {
        return new LocalResult(null, -1, columns, rows, cursorId, hasMore);
    }

    public boolean isQuery() {
        return error == null && updateCount < 0;
    }
}
