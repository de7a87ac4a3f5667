package dev.orderpipeline.platform;

import java.sql.SQLException;

import javax.sql.DataSource;

/** Reads the catalog version a copy holds for one SKU; a copy that cannot be read holds nothing. */
public final class CatalogVersions {

    private CatalogVersions() {
    }

    /** Whether the one-column query (the SKU its only parameter) finds {@code version} or newer. */
    public static boolean holds(DataSource dataSource, String query, String sku, long version) {
        try {
            Long held = Jdbc.withConnection(dataSource, connection -> Jdbc.first(connection, query, row -> row.getLong(1), sku));
            return held != null && held >= version;
        } catch (SQLException e) {
            return false;
        }
    }
}
