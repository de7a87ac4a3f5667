package dev.orderpipeline.notification.service;

/** One email to send, with the Message-ID the caller chose so that a resend is recognisable as the same message. */
public record OutgoingEmail(String messageId, String to, String subject, String text) {
}
