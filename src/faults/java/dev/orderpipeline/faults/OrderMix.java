package dev.orderpipeline.faults;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A load scenario's orders, drawn from the suite's seeded random in a fixed order (so a seed replays a run): 10 % one
 * product above the payment limit (declined), 15 % the scarce product alone (confirmed until it runs out, then
 * rejected), 10 % plentiful and scarce together (all or nothing), the rest plentiful only.
 */
final class OrderMix {

    private OrderMix() {
    }

    /** The three products of a scenario's mix. */
    record Products(String plenty, String scarce, String luxe) {
    }

    static List<OrderLoad.Spec> specs(Random random, int orders, String keyPrefix, String email, Products products) {
        List<OrderLoad.Spec> specs = new ArrayList<>();
        for (int i = 0; i < orders; i++) {
            int pick = random.nextInt(100);
            String items;
            if (pick < 10) {
                items = ShopApi.item(products.luxe(), 1); // declined by the provider: PAYMENT_FAILED, stock released
            } else if (pick < 25) {
                items = ShopApi.item(products.scarce(), 1 + random.nextInt(3)); // CONFIRMED until the stock runs out, then REJECTED
            } else if (pick < 35) {
                items = ShopApi.item(products.plenty(), 1 + random.nextInt(3)) + ","
                        + ShopApi.item(products.scarce(), 1 + random.nextInt(2)); // all or nothing
            } else {
                items = ShopApi.item(products.plenty(), 1 + random.nextInt(5));
            }
            specs.add(new OrderLoad.Spec(i, keyPrefix + i, "{\"customerEmail\":\"" + email + "\",\"items\":[" + items + "]}"));
        }
        return specs;
    }
}
