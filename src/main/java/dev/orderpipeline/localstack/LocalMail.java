package dev.orderpipeline.localstack;

import java.util.Map;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;

/**
 * An SMTP server whose mail boxes any ordinary mail client can read over IMAP or POP3 (GreenMail).
 *
 * <p>Authentication is off: log in with the recipient's address as user name and any password.
 */
final class LocalMail implements LocalServer {

    private final int smtpPort;
    private final int imapPort;
    private final int pop3Port;
    private GreenMail greenMail;

    LocalMail(LocalStackSettings settings) {
        this.smtpPort = settings.port(LocalStackSettings.DEV_SMTP_PORT);
        this.imapPort = settings.port(LocalStackSettings.DEV_IMAP_PORT);
        this.pop3Port = settings.port(LocalStackSettings.DEV_POP3_PORT);
    }

    @Override
    public String name() {
        return "mail";
    }

    @Override
    public synchronized void start() {
        if (greenMail != null) {
            return;
        }
        GreenMail server = new GreenMail(new ServerSetup[] {
                new ServerSetup(smtpPort, "127.0.0.1", ServerSetup.PROTOCOL_SMTP),
                new ServerSetup(imapPort, "127.0.0.1", ServerSetup.PROTOCOL_IMAP),
                new ServerSetup(pop3Port, "127.0.0.1", ServerSetup.PROTOCOL_POP3) });
        server.withConfiguration(GreenMailConfiguration.aConfig().withDisabledAuthentication());
        server.start();
        greenMail = server;
    }

    @Override
    public synchronized void stop() {
        if (greenMail == null) {
            return;
        }
        greenMail.stop();
        greenMail = null;
    }

    @Override
    public Map<String, String> config() {
        return Map.of(
                "app.mail.host", "127.0.0.1",
                "app.mail.port", String.valueOf(smtpPort),
                "app.mail.start-tls", "DISABLED",
                "app.local-stack.imap-port", String.valueOf(imapPort),
                "app.local-stack.pop3-port", String.valueOf(pop3Port));
    }

    @Override
    public String describe() {
        return "SMTP at 127.0.0.1:" + smtpPort + ", read it over IMAP at 127.0.0.1:" + imapPort
                + " or POP3 at 127.0.0.1:" + pop3Port + " (user = recipient address, any password)";
    }
}
