package dev.orderpipeline.notification.service;

import java.util.regex.Pattern;
import java.util.stream.Collectors;

import dev.orderpipeline.notification.events.SendOrderEmail;

/** Renders order emails as plain text. */
public final class EmailTemplates {

    private EmailTemplates() {
    }

    /** Matches {@link #messageId}: group 1 is the order id, group 2 the kind in lower case. */
    public static final Pattern MESSAGE_ID = Pattern.compile("<order-([0-9a-fA-F-]{36})\\.([a-z_]+)@order-pipeline>");

    /** A deterministic Message-ID: a resend of the same email carries the same id, so mail systems can drop it. */
    public static String messageId(SendOrderEmail command) {
        return "<order-" + command.orderId() + "." + command.kind().name().toLowerCase() + "@order-pipeline>";
    }

    private static String money(java.math.BigDecimal amount) {
        return amount == null ? "" : amount.setScale(2, java.math.RoundingMode.HALF_UP).toPlainString();
    }

    public static OutgoingEmail render(SendOrderEmail command) {
        String lines = command.lines() == null ? "" : command.lines().stream()
                .map(line -> "  %-20s x %4d  @ %10s".formatted(line.sku(), line.quantity(), money(line.unitPrice())))
                .collect(Collectors.joining("\n"));
        return switch (command.kind()) {
            case CONFIRMATION -> new OutgoingEmail(messageId(command), command.customerEmail(),
                    "Order " + command.orderId() + " confirmed", """
                    Thank you for your order.

                    Order: %s
                    %s

                    Total: %s

                    Your payment was captured and your items are reserved.
                    """.formatted(command.orderId(), lines, money(command.total())));
            case REJECTION -> new OutgoingEmail(messageId(command), command.customerEmail(),
                    "Order " + command.orderId() + " could not be accepted", """
                    We are sorry: order %s could not be accepted (%s).
                    Nothing was charged.
                    """.formatted(command.orderId(), command.reason()));
            case PAYMENT_FAILED -> new OutgoingEmail(messageId(command), command.customerEmail(),
                    "Order " + command.orderId() + ": payment failed", """
                    We are sorry: the payment for order %s failed (%s).
                    Nothing was charged and the order is cancelled.
                    """.formatted(command.orderId(), command.reason()));
        };
    }
}
