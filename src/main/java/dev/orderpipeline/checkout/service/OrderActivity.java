package dev.orderpipeline.checkout.service;

import java.time.Instant;
import java.util.UUID;

/** Telemetry: an order changed status. Sent at most once; losing one is acceptable and counted. */
public record OrderActivity(UUID orderId, String status, Instant at) {
}
