package dev.orderpipeline.notification.events;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import dev.orderpipeline.contract.Destination;
import dev.orderpipeline.contract.OrderMessage;

/**
 * Command to email a customer about their order's outcome; carries everything the email shows, and when the order
 * was placed ({@code placedAt}: optional, added within v1, absent from commands written before it).
 */
public record SendOrderEmail(UUID orderId, Kind kind, String customerEmail, List<Line> lines, BigDecimal total,
        String reason, Instant placedAt) implements OrderMessage {

    public static final String TYPE = "dev.orderpipeline.notification.send-order-email.v1";

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public Destination destination() {
        return Destination.EMAIL_COMMANDS;
    }

    /** A command without its order's placement time. */
    public SendOrderEmail(UUID orderId, Kind kind, String customerEmail, List<Line> lines, BigDecimal total, String reason) {
        this(orderId, kind, customerEmail, lines, total, reason, null);
    }

    /** One line of the order as the email shows it. */
    public record Line(String sku, int quantity, BigDecimal unitPrice) {
    }

    /** Which email: the confirmation, or a short notice that the order could not go through. */
    public enum Kind {
        CONFIRMATION,
        REJECTION,
        PAYMENT_FAILED
    }
}
