package dev.orderpipeline.platform;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

import javax.sql.DataSource;

/** Reads the catalog version a copy holds for one SKU; a copy that cannot be read holds nothing. */
public final class CatalogVersions {

    private CatalogVersions() {
    }

    /** Whether the one-column query (the SKU its only parameter) finds {@code version} or newer. */
    public static boolean holds(DataSource dataSource, String query, String sku, long version) {
        try (Connection connection = dataSource.getConnection(); PreparedStatement statement = connection.prepareStatement(query)) {
            statement.setString(1, sku);
            try (ResultSet result = statement.executeQuery()) {
                return result.next() && result.getLong(1) >= version;
            }
        } catch (SQLException e) {
            return false;
        }
    }
}
