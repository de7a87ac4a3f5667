package dev.orderpipeline.notification.messaging;

import java.math.BigDecimal;
import java.util.List;
import java.util.UUID;

import dev.orderpipeline.checkout.OrderLine;

/** Command to email a customer about their order's outcome; carries everything the email shows. */
public record SendOrderEmail(UUID orderId, Kind kind, String customerEmail, List<OrderLine> lines, BigDecimal total,
        String reason) {

    public static final String TYPE = "dev.orderpipeline.notification.send-order-email.v1";

    /** Which email: the confirmation, or a short notice that the order could not go through. */
    public enum Kind {
        CONFIRMATION,
        REJECTION,
        PAYMENT_FAILED
    }
}
