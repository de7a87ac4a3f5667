package dev.orderpipeline.checkout.rest;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;

import dev.orderpipeline.checkout.events.OrderLine;
import dev.orderpipeline.checkout.service.OrderQueries;

/** An order as the API shows it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record OrderView(UUID id, String status, String customerEmail, List<OrderLine> items, BigDecimal total,
        Instant createdAt, List<OrderQueries.HistoryEntry> history, Instant confirmationEmailSentAt,
        List<OrderQueries.SentEmail> emails) {
}
