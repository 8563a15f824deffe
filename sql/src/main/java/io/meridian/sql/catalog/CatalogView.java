package io.meridian.sql.catalog;

import java.util.Collection;
import java.util.Optional;

/** Read access to one consistent set of definitions: a snapshot, or whatever is latest. */
public interface CatalogView {
    Optional<TableDef> table(String name);

    Collection<TableDef> tables();

    Optional<ViewDef> view(String name);

    Collection<ViewDef> views();
}
