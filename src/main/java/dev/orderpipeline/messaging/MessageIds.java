package dev.orderpipeline.messaging;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Message ids as the inbox and the dead-letter store can key them: at most 200 characters, no NUL. */
public final class MessageIds {

    /** The longest id the inbox and the dead-letter store keep (their {@code message_id} columns). */
    public static final int MAX_LENGTH = 200;

    private MessageIds() {
    }

    /** Whether {@code id} can be a key as it is. */
    public static boolean storable(String id) {
        return id != null && !id.isEmpty() && id.length() <= MAX_LENGTH && id.indexOf('\0') < 0;
    }

    /** {@code id} itself when storable, else {@code sha256:<hex>} of its UTF-8 bytes. */
    public static String keyOf(String id) {
        return storable(id) ? id : hashOf(id.getBytes(StandardCharsets.UTF_8));
    }

    /** {@code sha256:<hex>} of some bytes, for a message without any id. */
    public static String hashOf(byte[] bytes) {
        try {
            return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
