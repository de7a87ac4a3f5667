package dev.orderpipeline.support;

import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Store;

import dev.orderpipeline.localstack.LocalStackControl;

/** Reads a recipient's mail box on the local SMTP server over IMAP, as any mail client would. */
public final class MailBox {

    private MailBox() {
    }

    /** A received message, reduced to what tests check. */
    public record Mail(String messageId, String subject, String to, String body) {
    }

    public static List<Mail> of(String recipient) {
        Properties props = new Properties();
        props.put("mail.imap.host", "127.0.0.1");
        props.put("mail.imap.port", LocalStackControl.config("app.local-stack.imap-port"));
        Session session = Session.getInstance(props);
        try (Store store = session.getStore("imap")) {
            store.connect(recipient, "any-password");
            Folder inbox = store.getFolder("INBOX");
            inbox.open(Folder.READ_ONLY);
            try {
                List<Mail> mails = new ArrayList<>();
                for (Message message : inbox.getMessages()) {
                    String[] ids = message.getHeader("Message-ID");
                    mails.add(new Mail(ids == null ? null : ids[0], message.getSubject(),
                            String.valueOf(message.getAllRecipients()[0]), String.valueOf(message.getContent())));
                }
                return mails;
            } finally {
                inbox.close(false);
            }
        } catch (MessagingException | java.io.IOException e) {
            throw new IllegalStateException("Cannot read the mail box of " + recipient, e);
        }
    }
}
