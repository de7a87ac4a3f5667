package dev.orderpipeline.catalog.events;

import java.util.List;
import java.util.Map;

/**
 * The stock a product view shows: the read port through which the catalog asks whoever keeps stock (inventory)
 * without depending on it. A SKU that has no stock record yet is absent from the answer.
 */
public interface StockLevels {

    /** Units available per SKU, for the SKUs that have a stock record. */
    Map<String, Integer> available(List<String> skus);
}
