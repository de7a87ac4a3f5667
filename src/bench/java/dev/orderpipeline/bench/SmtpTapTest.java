package dev.orderpipeline.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

/**
 * The benchmark's email instrument, {@link SmtpTap}, on SMTP conversations as the application's Vert.x mail client
 * holds them with GreenMail: which emails it reports accepted, when, and which refused, however the bytes are cut
 * into reads and whichever direction it is shown first.
 */
class SmtpTapTest {

    private static final String ORDER = "0b5c8f3e-1c1e-4d7b-9a53-2f0f1f7f4c11";
    private static final String OTHER_ORDER = "7d1e2f30-aaaa-4bbb-8ccc-0123456789ab";

    /** One write of the conversation: by the client, or by the server at {@code at} (its read time in the relay). */
    private record Step(boolean client, String text, long at) {
    }

    private static Step client(String text) {
        return new Step(true, text, 0);
    }

    private static Step server(long at, String text) {
        return new Step(false, text, at);
    }

    private static List<Step> greetingAndEhlo() {
        return List.of(
                server(1, "220 /127.0.0.1 GreenMail SMTP Service v2.1.3 ready\r\n"),
                client("EHLO order-pipeline\r\n"),
                server(2, "250-/127.0.0.1\r\n250 AUTH PLAIN LOGIN\r\n"));
    }

    /** An email as the Vert.x mail client writes it after DATA: CRLF lines, dot-stuffed, ending with ".". */
    private static String content(String messageIdHeader, String subject, String... body) {
        StringBuilder data = new StringBuilder()
                .append("MIME-Version: 1.0\r\n")
                .append(messageIdHeader)
                .append("Date: Wed, 2 Dec 2026 12:15:00 +0000\r\n")
                .append("Subject: ").append(subject).append("\r\n")
                .append("From: orders@bench.order-pipeline.local\r\n")
                .append("To: bench@example.com\r\n")
                .append("Content-Type: text/plain; charset=utf-8\r\n")
                .append("Content-Transfer-Encoding: quoted-printable\r\n")
                .append("\r\n");
        for (String line : body) {
            data.append(line.startsWith(".") ? "." + line : line).append("\r\n");
        }
        return data.append(".\r\n").toString();
    }

    private static List<Step> mail(String messageIdHeader, long acceptedAt, String... body) {
        return List.of(
                client("MAIL FROM:<orders@bench.order-pipeline.local>\r\n"),
                server(acceptedAt - 3, "250 OK\r\n"),
                client("RCPT TO:<bench@example.com>\r\n"),
                server(acceptedAt - 2, "250 OK\r\n"),
                client("DATA\r\n"),
                server(acceptedAt - 1, "354 Start mail input; end with <CRLF>.<CRLF>\r\n"),
                client(content(messageIdHeader, "Order confirmed", body)),
                server(acceptedAt, "250 OK\r\n"));
    }

    private static List<Step> conversation(List<?>... parts) {
        List<Step> steps = new ArrayList<>();
        for (List<?> part : parts) {
            part.forEach(step -> steps.add((Step) step));
        }
        return steps;
    }

    /** What a tap reported, one line per email. */
    private static final class Reported implements SmtpTap.Listener {
        final List<String> events = new ArrayList<>();

        @Override
        public void accepted(String orderId, String kind, long atNanos) {
            events.add("accepted " + orderId + " " + kind + " at " + atNanos);
        }

        @Override
        public void refused(String orderId, String kind, int code) {
            events.add("refused " + orderId + " " + kind + " " + code);
        }
    }

    /** Shows the tap the conversation in its own order, each write in one read. */
    private static List<String> play(List<Step> steps) {
        Reported reported = new Reported();
        SmtpTap tap = new SmtpTap(reported);
        for (Step step : steps) {
            show(tap, step, step.text().getBytes(StandardCharsets.ISO_8859_1));
        }
        assertThat(tap.lost()).isNull();
        return reported.events;
    }

    private static void show(SmtpTap tap, Step step, byte[] bytes) {
        // the relay's read buffer is larger than the bytes read: show them at an offset within it
        byte[] buffer = new byte[bytes.length + 7];
        System.arraycopy(bytes, 0, buffer, 3, bytes.length);
        if (step.client()) {
            tap.fromClient(buffer, 3, bytes.length);
        } else {
            tap.fromServer(buffer, 3, bytes.length, step.at());
        }
    }

    @Test
    void anAcceptedEmailIsReportedWhenTheReplyToItsEndOfDataPasses() {
        List<Step> steps = conversation(greetingAndEhlo(),
                mail("Message-ID: <order-" + ORDER + ".confirmation@order-pipeline>\r\n", 100,
                        "Thank you for your order.", "", "Order: " + ORDER),
                List.of(client("QUIT\r\n"), server(200, "221 /127.0.0.1 Service closing transmission channel\r\n")));

        assertThat(play(steps)).containsExactly("accepted " + ORDER + " confirmation at 100");
    }

    @Test
    void twoEmailsOnOneConnectionWithRsetBetweenAreBothReportedFoldedMessageIdAndDotStuffingIncluded() {
        List<Step> steps = conversation(greetingAndEhlo(),
                mail("Message-ID: <order-" + ORDER + ".confirmation@order-pipeline>\r\n", 100,
                        ".", "..", ".Message-ID: <order-" + OTHER_ORDER + ".rejection@order-pipeline>", "Total: 9.90"),
                List.of(client("RSET\r\n"), server(150, "250 OK\r\n")),
                // folded, upper-case hex: the order id is reported in lower case, as the harness registers it
                mail("Message-ID:\r\n <order-" + OTHER_ORDER.toUpperCase() + ".payment_failed@order-pipeline>\r\n", 300,
                        "We are sorry: the payment failed.", "."),
                List.of(client("QUIT\r\n"), server(400, "221 bye\r\n")));

        assertThat(play(steps)).containsExactly(
                "accepted " + ORDER + " confirmation at 100",
                "accepted " + OTHER_ORDER + " payment_failed at 300");
    }

    @Test
    void aTemporaryFailureAtTheEndOfDataIsARefusalAndTheNextAttemptCounts() {
        List<Step> first = new ArrayList<>(mail("Message-ID: <order-" + ORDER + ".confirmation@order-pipeline>\r\n", 100));
        first.set(first.size() - 1, server(100, "451 Requested action aborted: local error in processing\r\n"));
        List<Step> steps = conversation(greetingAndEhlo(), first,
                List.of(client("RSET\r\n"), server(150, "250 OK\r\n")),
                mail("Message-ID: <order-" + ORDER + ".confirmation@order-pipeline>\r\n", 300));

        assertThat(play(steps)).containsExactly(
                "refused " + ORDER + " confirmation 451",
                "accepted " + ORDER + " confirmation at 300");
    }

    @Test
    void aRefusedDataCommandIsFollowedByCommandsNotContent() {
        List<Step> steps = conversation(greetingAndEhlo(),
                List.of(client("MAIL FROM:<orders@bench.order-pipeline.local>\r\n"), server(10, "250 OK\r\n"),
                        client("RCPT TO:<nobody@example.com>\r\n"), server(11, "550 No such user\r\n"),
                        client("DATA\r\n"), server(12, "503 RCPT command(s) required\r\n"),
                        // were these read as content, the "." would end it and the 250 would count as accepted
                        client("RSET\r\n"), server(13, "250 OK\r\n"),
                        client("NOOP\r\n"), server(14, "250 OK\r\n")),
                mail("Message-ID: <order-" + ORDER + ".rejection@order-pipeline>\r\n", 100));

        assertThat(play(steps)).containsExactly("accepted " + ORDER + " rejection at 100");
    }

    @Test
    void aTransactionAbortedWithRsetReportsNothing() {
        List<Step> steps = conversation(greetingAndEhlo(),
                List.of(client("MAIL FROM:<orders@bench.order-pipeline.local>\r\n"), server(10, "250 OK\r\n"),
                        client("RCPT TO:<bench@example.com>\r\n"), server(11, "250 OK\r\n"),
                        client("RSET\r\n"), server(12, "250 OK\r\n"),
                        client("QUIT\r\n"), server(13, "221 bye\r\n")));

        assertThat(play(steps)).isEmpty();
    }

    @Test
    void anEmailWithoutAnOrdersMessageIdIsReportedWithoutOrder() {
        List<Step> steps = conversation(greetingAndEhlo(),
                mail("Message-ID: <msg.1733141700000.vertxmail.0@order-pipeline>\r\n", 100),
                mail("", 200),
                // only the Message-ID header counts, not an id elsewhere in the headers
                mail("References: <order-" + ORDER + ".confirmation@order-pipeline>\r\n", 300));

        assertThat(play(steps)).containsExactly("accepted null null at 100", "accepted null null at 200",
                "accepted null null at 300");
    }

    @Test
    void everyCutOfEveryWriteIntoTwoReadsGivesTheSameReport() {
        List<Step> steps = conversation(greetingAndEhlo(),
                mail("Message-ID:\r\n\t<order-" + ORDER + ".confirmation@order-pipeline>\r\n", 100, ".", "..x", "end"),
                List.of(client("RSET\r\n"), server(150, "250 OK\r\n")),
                mail("Message-ID: <order-" + OTHER_ORDER + ".rejection@order-pipeline>\r\n", 300, "."));
        List<String> expected = List.of("accepted " + ORDER + " confirmation at 100",
                "accepted " + OTHER_ORDER + " rejection at 300");
        assertThat(play(steps)).isEqualTo(expected);

        for (int cut = 0; cut < steps.size(); cut++) {
            byte[] bytes = steps.get(cut).text().getBytes(StandardCharsets.ISO_8859_1);
            for (int at = 1; at < bytes.length; at++) {
                Reported reported = new Reported();
                SmtpTap tap = new SmtpTap(reported);
                for (int i = 0; i < steps.size(); i++) {
                    byte[] write = steps.get(i).text().getBytes(StandardCharsets.ISO_8859_1);
                    if (i == cut) {
                        show(tap, steps.get(i), java.util.Arrays.copyOfRange(write, 0, at));
                        show(tap, steps.get(i), java.util.Arrays.copyOfRange(write, at, write.length));
                    } else {
                        show(tap, steps.get(i), write);
                    }
                }
                assertThat(reported.events).as("write %d cut at byte %d", cut, at).isEqualTo(expected);
            }
        }
    }

    @Test
    void theTwoDirectionsShownInAnyInterleavingAndCutAnywhereGiveTheSameReport() {
        List<Step> steps = conversation(greetingAndEhlo(),
                mail("Message-ID: <order-" + ORDER + ".confirmation@order-pipeline>\r\n", 100, ".", "text"),
                List.of(client("MAIL FROM:<orders@bench.order-pipeline.local>\r\n"), server(110, "250 OK\r\n"),
                        client("RCPT TO:<bench@example.com>\r\n"), server(111, "250 OK\r\n"),
                        client("DATA\r\n"), server(112, "354 go ahead\r\n"),
                        client(content("Message-ID: <order-" + OTHER_ORDER + ".confirmation@order-pipeline>\r\n", "x", ".")),
                        server(150, "451 try again later\r\n"),
                        client("RSET\r\n"), server(160, "250 OK\r\n")),
                mail("Message-ID: <order-" + OTHER_ORDER + ".confirmation@order-pipeline>\r\n", 300));
        List<String> expected = List.of("accepted " + ORDER + " confirmation at 100",
                "refused " + OTHER_ORDER + " confirmation 451", "accepted " + OTHER_ORDER + " confirmation at 300");

        List<Step> clientSide = steps.stream().filter(Step::client).toList();
        List<Step> serverSide = steps.stream().filter(step -> !step.client()).toList();
        List<Step> serverFirst = new ArrayList<>(serverSide);
        serverFirst.addAll(clientSide);
        List<Step> clientFirst = new ArrayList<>(clientSide);
        clientFirst.addAll(serverSide);
        assertThat(play(serverFirst)).as("every reply before the commands").isEqualTo(expected);
        assertThat(play(clientFirst)).as("every command before the replies").isEqualTo(expected);

        Random random = new Random(42);
        for (int round = 0; round < 300; round++) {
            Reported reported = new Reported();
            SmtpTap tap = new SmtpTap(reported);
            Reads client = new Reads(clientSide, random);
            Reads server = new Reads(serverSide, random);
            while (client.hasMore() || server.hasMore()) {
                Reads next = !server.hasMore() || (client.hasMore() && random.nextBoolean()) ? client : server;
                next.showOne(tap);
            }
            assertThat(reported.events).as("round %d", round).isEqualTo(expected);
            assertThat(tap.lost()).isNull();
        }
    }

    /** One direction's writes, shown to the tap in reads of random sizes, none spanning two writes. */
    private static final class Reads {
        private final List<Step> steps;
        private final Random random;
        private int step;
        private int offset;

        Reads(List<Step> steps, Random random) {
            this.steps = steps;
            this.random = random;
        }

        boolean hasMore() {
            return step < steps.size();
        }

        void showOne(SmtpTap tap) {
            byte[] write = steps.get(step).text().getBytes(StandardCharsets.ISO_8859_1);
            int length = 1 + random.nextInt(Math.min(write.length - offset, 1 + random.nextInt(40)));
            show(tap, steps.get(step), java.util.Arrays.copyOfRange(write, offset, offset + length));
            offset += length;
            if (offset == write.length) {
                step++;
                offset = 0;
            }
        }
    }

    @Test
    void aPipeliningClientsRepliesAreMatchedToItsCommandsInOrder() {
        List<Step> steps = conversation(
                List.of(server(1, "220 ready\r\n"), client("EHLO order-pipeline\r\n"),
                        server(2, "250-mx.example.com\r\n250-PIPELINING\r\n250 SIZE 10240000\r\n"),
                        client("MAIL FROM:<orders@bench.order-pipeline.local>\r\nRCPT TO:<bench@example.com>\r\n"
                                + "RCPT TO:<gone@example.com>\r\nDATA\r\n"),
                        server(5, "250 2.1.0 OK\r\n250 2.1.5 OK\r\n550 5.1.1 no such user\r\n354 go ahead\r\n"),
                        client(content("Message-ID: <order-" + ORDER + ".confirmation@order-pipeline>\r\n", "x", ".")
                                + "MAIL FROM:<orders@bench.order-pipeline.local>\r\nRCPT TO:<bench@example.com>\r\nDATA\r\n"),
                        server(100, "250 2.0.0 queued as 1\r\n"),
                        server(101, "250 2.1.0 OK\r\n250 2.1.5 OK\r\n354 go ahead\r\n"),
                        client(content("Message-ID: <order-" + OTHER_ORDER + ".rejection@order-pipeline>\r\n", "y")
                                + "QUIT\r\n"),
                        server(200, "554 5.7.1 rejected\r\n221 2.0.0 bye\r\n")));

        assertThat(play(steps)).containsExactly("accepted " + ORDER + " confirmation at 100",
                "refused " + OTHER_ORDER + " rejection 554");
    }

    @Test
    void authenticationChallengesAndResponsesAreNotTakenForCommands() {
        List<Step> steps = conversation(greetingAndEhlo(),
                List.of(client("AUTH LOGIN\r\n"), server(3, "334 VXNlcm5hbWU6\r\n"),
                        // a response that reads like a command must not be taken for one
                        client("DATA\r\n"), server(4, "334 UGFzc3dvcmQ6\r\n"),
                        client("c2VjcmV0\r\n"), server(5, "235 2.7.0 Authentication successful\r\n")),
                mail("Message-ID: <order-" + ORDER + ".confirmation@order-pipeline>\r\n", 100));

        assertThat(play(steps)).containsExactly("accepted " + ORDER + " confirmation at 100");
    }

    @Test
    void aConnectionItCannotReadIsGivenUpAndSaysWhy() {
        Reported reported = new Reported();
        SmtpTap tls = new SmtpTap(reported);
        for (Step step : conversation(greetingAndEhlo(), List.of(client("STARTTLS\r\n"), server(3, "220 Ready to start TLS\r\n"),
                client("\u0016\u0003\u0001\u0002\u0000\r\n"), server(4, "\u0016\u0003\u0003\r\n")))) {
            show(tls, step, step.text().getBytes(StandardCharsets.ISO_8859_1));
        }
        assertThat(tls.lost()).startsWith("STARTTLS");

        SmtpTap garbled = new SmtpTap(reported);
        show(garbled, server(1, "HTTP/1.1 400 Bad Request\r\n"), "HTTP/1.1 400 Bad Request\r\n".getBytes(StandardCharsets.ISO_8859_1));
        assertThat(garbled.lost()).startsWith("a server line that is no SMTP reply");
        assertThat(reported.events).isEmpty();
    }
}
