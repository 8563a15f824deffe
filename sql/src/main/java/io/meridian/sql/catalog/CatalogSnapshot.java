package io.meridian.sql.catalog;

import io.meridian.truetime.Timestamp;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * One immutable version of the catalog: valid from {@code validFrom} (the commit timestamp of the
 * DDL that made it) until the next version's. {@code definedAt} gives, per name, the commit
 * timestamp from which that object's current definition (or its absence, once dropped) is valid.
 */
public record CatalogSnapshot(long version, Timestamp validFrom, Map<String, TableDef> tableMap,
        Map<String, ViewDef> viewMap, Map<String, Timestamp> definedAt) implements CatalogView {
    public CatalogSnapshot {
        tableMap = Collections.unmodifiableMap(tableMap);
        viewMap = Collections.unmodifiableMap(viewMap);
        definedAt = Collections.unmodifiableMap(definedAt);
    }

    @Override
    public Optional<TableDef> table(String name) {
        return Optional.ofNullable(tableMap.get(name));
    }

    @Override
    public Collection<TableDef> tables() {
        return tableMap.values();
    }

    @Override
    public Optional<ViewDef> view(String name) {
        return Optional.ofNullable(viewMap.get(name));
    }

    @Override
    public Collection<ViewDef> views() {
        return viewMap.values();
    }

    /** The commit timestamp from which the object's current definition is valid. */
    public Optional<Timestamp> validFrom(String name) {
        return Optional.ofNullable(definedAt.get(name));
    }

    public Optional<TableDef> tableOfIndex(String indexName) {
        return tableMap.values().stream().filter(t -> t.index(indexName).isPresent()).findFirst();
    }

    public Optional<String> kindOf(String name) {
        if (tableMap.containsKey(name)) {
            return Optional.of("table");
        }
        if (viewMap.containsKey(name)) {
            return Optional.of("view");
        }
        return tableOfIndex(name).map(t -> "index");
    }

    boolean isNewerFor(String name, Timestamp committedAt) {
        Timestamp known = definedAt.get(name);
        return known == null || committedAt.isAfter(known);
    }

    Map<String, Timestamp> withValidFrom(String name, Timestamp committedAt) {
        Map<String, Timestamp> next = new HashMap<>(definedAt);
        next.put(name, committedAt);
        return next;
    }
}
