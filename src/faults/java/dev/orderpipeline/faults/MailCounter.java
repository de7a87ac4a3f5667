package dev.orderpipeline.faults;

import dev.orderpipeline.notification.service.EmailTemplates;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;

import jakarta.mail.FetchProfile;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Store;

/**
 * Counts what arrived in the SMTP server's mail boxes, read over IMAP like any mail client (user = recipient
 * address, any password): how many messages carry each {@code <order-{id}.{kind}@order-pipeline>} Message-ID.
 */
final class MailCounter {


    private final String host;
    private final int imapPort;

    MailCounter(String host, int imapPort) {
        this.host = host;
        this.imapPort = imapPort;
    }

    /** Message-ID (order id + "." + kind) → number of copies in this mail box; "other" counts foreign messages. */
    Map<String, Integer> countByMessageId(String recipient) {
        Properties props = new Properties();
        props.put("mail.imap.host", host);
        props.put("mail.imap.port", String.valueOf(imapPort));
        props.put("mail.imap.connectiontimeout", "10000");
        props.put("mail.imap.timeout", "60000");
        Session session = Session.getInstance(props);
        Map<String, Integer> counts = new HashMap<>();
        try (Store store = session.getStore("imap")) {
            store.connect(recipient, "any-password");
            Folder inbox = store.getFolder("INBOX");
            inbox.open(Folder.READ_ONLY);
            try {
                Message[] messages = inbox.getMessages();
                FetchProfile profile = new FetchProfile();
                profile.add("Message-ID");
                inbox.fetch(messages, profile);
                for (Message message : messages) {
                    String[] ids = message.getHeader("Message-ID");
                    Matcher matcher = ids == null ? null : EmailTemplates.MESSAGE_ID.matcher(ids[0]);
                    String key = matcher != null && matcher.matches() ? matcher.group(1) + "." + matcher.group(2) : "other";
                    counts.merge(key, 1, Integer::sum);
                }
            } finally {
                inbox.close(false);
            }
        } catch (MessagingException e) {
            throw new IllegalStateException("Cannot read the mail box of " + recipient + " over IMAP", e);
        }
        return counts;
    }
}
