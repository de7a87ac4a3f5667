package dev.orderpipeline.bench;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Locale;
import java.util.regex.Matcher;

import dev.orderpipeline.notification.service.EmailTemplates;

/**
 * Follows one SMTP connection from copies of its two byte streams and reports each email the server accepted: the
 * moment the server's final reply to the end of an email's data (the line "." after its content) has a 2xx code,
 * with the order and kind of the email's Message-ID header ({@link EmailTemplates#MESSAGE_ID}). It never touches the
 * bytes it is shown.
 *
 * <p>Replies are matched to commands in order, so a pipelining client (RFC 2920) is followed too. The two streams
 * may be shown in any interleaving (each in its own order): a reply shown before the command it answers waits for
 * it, and client lines whose meaning depends on a reply not shown yet (what follows DATA, AUTH or STARTTLS) wait for
 * that reply. Lines end with CRLF, which may be split across reads; data lines are un-dot-stuffed and headers
 * unfolded. It stops following a connection it cannot read (STARTTLS accepted, BDAT, a reply that is not SMTP) and
 * says why in {@link #lost()}.
 */
final class SmtpTap {

    /** What the tap reports, on the thread that showed it the reply. */
    interface Listener {
        /**
         * The server accepted an email at {@code atNanos} (when its reply was read); {@code orderId} (lower case)
         * and {@code kind} come from its Message-ID, both null if it carried no order's Message-ID.
         */
        void accepted(String orderId, String kind, long atNanos);

        /** The server refused an email's data with {@code code} (4xx or 5xx); the ids as for {@link #accepted}. */
        void refused(String orderId, String kind, int code);
    }

    /** The longest line kept, CRLF excluded (RFC 5321: 998 for text lines); longer ones are kept truncated. */
    static final int MAX_LINE = 998;

    /** Commands or lines waiting for their counterpart beyond this: not an SMTP conversation the tap can follow. */
    private static final int MAX_WAITING = 10_000;

    private enum Kind {
        GREETING, DATA, END_OF_DATA, AUTH, STARTTLS, OTHER
    }

    private enum Mode {
        COMMAND, AUTH_RESPONSE, HEADERS, BODY
    }

    private record Command(Kind kind, String messageId) {
    }

    private record Reply(int code, long atNanos) {
    }

    private record Line(String text, boolean truncated) {
    }

    private final Listener listener;
    private final LineSplitter clientLines = new LineSplitter();
    private final LineSplitter serverLines = new LineSplitter();
    private final ArrayDeque<Command> commands = new ArrayDeque<>();
    private final ArrayDeque<Reply> replies = new ArrayDeque<>();
    private final ArrayDeque<Line> held = new ArrayDeque<>();
    private Mode mode = Mode.COMMAND;
    /** The last command read decides how the next client lines read, and its reply has not been matched yet. */
    private boolean blocked;
    private String lost;
    /** The current email's header being read, unfolded; and the Message-ID found so far. */
    private final StringBuilder header = new StringBuilder();
    private String messageId;

    SmtpTap(Listener listener) {
        this.listener = listener;
        commands.add(new Command(Kind.GREETING, null));
    }

    /** Bytes the client sent to the server. */
    synchronized void fromClient(byte[] bytes, int offset, int length) {
        if (lost == null) {
            clientLines.split(bytes, offset, length, this::clientLine);
        }
    }

    /** Bytes the server sent to the client, read at {@code atNanos}. */
    synchronized void fromServer(byte[] bytes, int offset, int length, long atNanos) {
        if (lost == null) {
            serverLines.split(bytes, offset, length, line -> serverLine(line, atNanos));
        }
    }

    /** Stops following the connection, for {@code reason}, unless it already stopped. */
    synchronized void lose(String reason) {
        if (lost == null) {
            lost = reason;
            commands.clear();
            replies.clear();
            held.clear();
        }
    }

    /** Why the tap stopped following the connection; null while it follows it. */
    synchronized String lost() {
        return lost;
    }

    private void clientLine(Line line) {
        if (lost != null) {
            return;
        }
        held.add(line);
        progress();
    }

    private void serverLine(Line line, long atNanos) {
        if (lost != null) {
            return;
        }
        String text = line.text();
        if (text.length() < 3 || !Character.isDigit(text.charAt(0)) || !Character.isDigit(text.charAt(1))
                || !Character.isDigit(text.charAt(2)) || (text.length() > 3 && text.charAt(3) != ' ' && text.charAt(3) != '-')) {
            lose("a server line that is no SMTP reply: " + abbreviate(text));
            return;
        }
        if (text.length() > 3 && text.charAt(3) == '-') {
            return; // a multi-line reply goes on; its last line is the reply
        }
        replies.add(new Reply(Integer.parseInt(text.substring(0, 3)), atNanos));
        progress();
    }

    /** Reads held client lines while their meaning is known, and matches replies to commands, until neither can. */
    private void progress() {
        boolean moved = true;
        while (moved && lost == null) {
            moved = false;
            while (!blocked && !held.isEmpty() && lost == null) {
                read(held.poll());
                moved = true;
            }
            if (!commands.isEmpty() && !replies.isEmpty()) {
                answered(commands.poll(), replies.poll());
                moved = true;
            }
        }
        if (lost == null && (commands.size() > MAX_WAITING || replies.size() > MAX_WAITING || held.size() > MAX_WAITING)) {
            lose("more than " + MAX_WAITING + " commands, replies or lines without their counterpart");
        }
    }

    private void read(Line line) {
        switch (mode) {
            case COMMAND -> command(line.text());
            case AUTH_RESPONSE -> {
                // one line answering the server's 334 challenge; its reply is another challenge or the outcome
                commands.add(new Command(Kind.AUTH, null));
                blocked = true;
            }
            case HEADERS, BODY -> dataLine(line);
        }
    }

    private void command(String text) {
        int space = text.indexOf(' ');
        String verb = (space < 0 ? text : text.substring(0, space)).toUpperCase(Locale.ROOT);
        switch (verb) {
            case "DATA" -> {
                commands.add(new Command(Kind.DATA, null));
                blocked = true;
            }
            case "AUTH" -> {
                commands.add(new Command(Kind.AUTH, null));
                blocked = true;
            }
            case "STARTTLS" -> {
                commands.add(new Command(Kind.STARTTLS, null));
                blocked = true;
            }
            case "BDAT" -> lose("BDAT (CHUNKING): data not in lines");
            default -> commands.add(new Command(Kind.OTHER, null));
        }
    }

    private void dataLine(Line line) {
        String text = line.text();
        if (!line.truncated() && text.equals(".")) {
            endHeader();
            commands.add(new Command(Kind.END_OF_DATA, messageId));
            mode = Mode.COMMAND;
            messageId = null;
            return;
        }
        if (mode == Mode.BODY) {
            return;
        }
        if (text.startsWith(".")) {
            text = text.substring(1); // dot-stuffed
        }
        if (text.isEmpty()) {
            endHeader();
            mode = Mode.BODY;
        } else if ((text.charAt(0) == ' ' || text.charAt(0) == '\t') && header.length() > 0) {
            header.append(text); // a folded header goes on: unfolding removes only the CRLF
        } else {
            endHeader();
            header.append(text);
        }
    }

    private void endHeader() {
        int colon = header.indexOf(":");
        if (messageId == null && colon > 0 && header.substring(0, colon).trim().equalsIgnoreCase("Message-ID")) {
            messageId = header.substring(colon + 1).trim();
        }
        header.setLength(0);
    }

    private void answered(Command command, Reply reply) {
        int code = reply.code();
        switch (command.kind()) {
            case DATA -> {
                blocked = false;
                if (code / 100 == 3) {
                    mode = Mode.HEADERS;
                    header.setLength(0);
                    messageId = null;
                }
            }
            case AUTH -> {
                blocked = false;
                mode = code / 100 == 3 ? Mode.AUTH_RESPONSE : Mode.COMMAND;
            }
            case STARTTLS -> {
                blocked = false;
                if (code / 100 == 2) {
                    lose("STARTTLS: the rest is encrypted");
                }
            }
            case END_OF_DATA -> {
                String orderId = null;
                String kind = null;
                Matcher order = command.messageId() == null ? null : EmailTemplates.MESSAGE_ID.matcher(command.messageId());
                if (order != null && order.find()) {
                    orderId = order.group(1).toLowerCase(Locale.ROOT);
                    kind = order.group(2);
                }
                if (code / 100 == 2) {
                    listener.accepted(orderId, kind, reply.atNanos());
                } else {
                    listener.refused(orderId, kind, code);
                }
            }
            case GREETING, OTHER -> {
                // nothing follows from these replies for the tap
            }
        }
    }

    private static String abbreviate(String text) {
        return text.length() <= 80 ? text : text.substring(0, 80) + "…";
    }

    /** Splits a byte stream into CRLF-terminated lines, across reads; keeps at most {@link #MAX_LINE} bytes of each. */
    private static final class LineSplitter {
        private final byte[] line = new byte[MAX_LINE];
        private int length;
        private boolean truncated;
        private boolean carriageReturn;

        void split(byte[] bytes, int offset, int count, java.util.function.Consumer<Line> lines) {
            for (int i = offset; i < offset + count; i++) {
                byte b = bytes[i];
                if (carriageReturn) {
                    carriageReturn = false;
                    if (b == '\n') {
                        lines.accept(new Line(new String(line, 0, length, StandardCharsets.ISO_8859_1), truncated));
                        length = 0;
                        truncated = false;
                        continue;
                    }
                    append((byte) '\r'); // a CR inside a line
                }
                if (b == '\r') {
                    carriageReturn = true;
                } else {
                    append(b);
                }
            }
        }

        private void append(byte b) {
            if (length < line.length) {
                line[length++] = b;
            } else {
                truncated = true;
            }
        }
    }
}
