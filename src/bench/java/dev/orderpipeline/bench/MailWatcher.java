package dev.orderpipeline.bench;

import dev.orderpipeline.notification.service.EmailTemplates;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Watches one IMAP mail box of the local SMTP server and reports each order email the moment it is seen, by its
 * deterministic Message-ID ({@code <order-<id>.<kind>@order-pipeline>}). A plain IMAP client over a socket: it
 * waits in IDLE until the server pushes {@code * n EXISTS}, then fetches {@code UID FETCH <next>:*} (the detection
 * delay this adds is one push plus one fetch), and re-checks at least every {@code idle} interval. It expunges
 * nothing: GreenMail 2.1 drops an IDLE connection that has expunged messages pending ("Need to do this properly").
 * It ACKs the server's segments at once (TCP_QUICKACK), as GreenMail writes its replies in pieces without
 * TCP_NODELAY. When the server closes the connection it logs in again and goes on from the last UID it saw (UIDs
 * stay valid, as nothing is expunged); it gives up only when it cannot reconnect.
 */
final class MailWatcher implements AutoCloseable {

    /** What one FETCH response carried. */
    record Fetched(long uid, String orderId, String kind) {
    }

    private static final Pattern UID = Pattern.compile("UID (\\d+)");

    private static final int RECONNECT_ATTEMPTS = 5;

    private final int port;
    private final String user;
    private Socket socket;
    private ImapReader in;
    private OutputStream out;
    private int reconnects;
    private final Deliveries deliveries;
    private final long idleMillis;
    private volatile boolean running = true;
    private volatile Throwable failure;
    private Thread thread;
    private int tag;
    private long lastUid;
    private final Latency polls = new Latency();

    MailWatcher(int port, String user, long idleMillis, Deliveries deliveries) throws IOException {
        this.deliveries = deliveries;
        this.idleMillis = idleMillis;
        this.port = port;
        this.user = user;
        connect();
    }

    private void connect() throws IOException {
        socket = new Socket();
        socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
        socket.setSoTimeout(30_000);
        socket.setTcpNoDelay(true);
        in = new ImapReader(new BufferedInputStream(new QuickAckInputStream(socket)));
        out = socket.getOutputStream();
        in.readResponse(null); // greeting
        command("LOGIN \"" + user + "\" \"any-password\"");
        command("SELECT INBOX");
    }

    /** After the server closed the connection: log in again, a few times if need be, or rethrow. */
    private void reconnect(IOException cause) throws IOException {
        try {
            socket.close();
        } catch (IOException e) {
            // already gone
        }
        for (int attempt = 1;; attempt++) {
            try {
                connect();
                reconnects++;
                return;
            } catch (IOException e) {
                if (attempt >= RECONNECT_ATTEMPTS) {
                    e.addSuppressed(cause);
                    throw e;
                }
                try {
                    Thread.sleep(200L * attempt);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    void start() {
        thread = new Thread(this::loop, "bench-mail-watcher");
        thread.setDaemon(true);
        thread.start();
    }

    /** How long one fetch (a UID FETCH round trip after a push) took: p50, p99, max. */
    String pollSummary() {
        Latency.Summary summary = polls.summary();
        return summary.count() + " fetches, p50 " + Report.fmt(summary.p50()) + " ms, p99 " + Report.fmt(summary.p99())
                + " ms, max " + Report.fmt(summary.max()) + " ms; the server closed the connection " + reconnects
                + " time(s), and the watcher logged in again";
    }

    Throwable failure() {
        return failure;
    }

    private void loop() {
        try {
            while (running) {
                try {
                    watchOnce();
                } catch (IOException e) {
                    if (running) {
                        reconnect(e);
                    }
                }
            }
        } catch (Throwable e) {
            if (running) {
                failure = e;
            }
        }
    }

    /** Fetches what is new and reports it, or waits in IDLE if nothing is. */
    private void watchOnce() throws IOException {
        long pollStart = System.nanoTime();
        List<Fetched> fetched = fetchNew();
        polls.recordNanos(System.nanoTime() - pollStart);
        long now = System.nanoTime();
        for (Fetched mail : fetched) {
            if (mail.orderId() != null) {
                deliveries.arrived(mail.orderId(), "confirmation".equals(mail.kind()), now);
            }
        }
        if (fetched.isEmpty()) {
            idle();
        }
    }

    /** IDLE until the server announces a new message, or for at most idleMillis; then DONE. */
    private void idle() throws IOException {
        String idleTag = "b" + (++tag);
        out.write((idleTag + " IDLE\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
        String line = in.next();
        while (!line.startsWith("+")) {
            if (line.startsWith(idleTag + " ")) {
                throw new IOException("the IMAP server refused IDLE: " + line);
            }
            line = in.next();
        }
        socket.setSoTimeout((int) idleMillis);
        try {
            while (!(line = in.next()).endsWith(" EXISTS")) {
                // other untagged news (EXPUNGE, RECENT): keep waiting
            }
        } catch (java.net.SocketTimeoutException e) {
            // nothing new in idleMillis: look anyway
        } finally {
            socket.setSoTimeout(30_000);
        }
        out.write("DONE\r\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
        in.readResponse(idleTag);
    }

    private List<Fetched> fetchNew() throws IOException {
        List<String> responses = command("UID FETCH " + (lastUid + 1) + ":* (UID BODY.PEEK[HEADER.FIELDS (MESSAGE-ID)])");
        List<Fetched> fetched = new ArrayList<>();
        for (String response : responses) {
            Fetched mail = parseFetch(response);
            if (mail != null && mail.uid() > lastUid) {
                fetched.add(mail);
            }
        }
        for (Fetched mail : fetched) {
            lastUid = Math.max(lastUid, mail.uid());
        }
        return fetched;
    }

    /** Sends a tagged command and returns its untagged responses; a NO or BAD answer gives none. */
    private List<String> command(String command) throws IOException {
        String commandTag = "b" + (++tag);
        out.write((commandTag + " " + command + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
        return in.readResponse(commandTag);
    }

    /** The UID and order of one untagged FETCH response; null if it is no FETCH. */
    static Fetched parseFetch(String response) {
        if (!response.startsWith("* ") || !response.contains(" FETCH ")) {
            return null;
        }
        Matcher uid = UID.matcher(response);
        if (!uid.find()) {
            return null;
        }
        Matcher id = EmailTemplates.MESSAGE_ID.matcher(response);
        return id.find() ? new Fetched(Long.parseLong(uid.group(1)), id.group(1).toLowerCase(), id.group(2))
                : new Fetched(Long.parseLong(uid.group(1)), null, null);
    }

    @Override
    public void close() {
        running = false;
        if (thread != null) {
            try {
                thread.join(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        try {
            if (thread == null || !thread.isAlive()) {
                command("LOGOUT");
            }
        } catch (IOException e) {
            // closing anyway
        }
        try {
            socket.close();
        } catch (IOException e) {
            // closing
        }
    }

    /** The socket's input, with an immediate ACK after each read. */
    private static final class QuickAckInputStream extends java.io.FilterInputStream {
        private final Socket socket;

        QuickAckInputStream(Socket socket) throws IOException {
            super(socket.getInputStream());
            this.socket = socket;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            if (n > 0 && socket.supportedOptions().contains(jdk.net.ExtendedSocketOptions.TCP_QUICKACK)) {
                socket.setOption(jdk.net.ExtendedSocketOptions.TCP_QUICKACK, true);
            }
            return n;
        }
    }

    /** Reads IMAP responses: lines, with {n} literals folded into the response they belong to. */
    static final class ImapReader {
        private final InputStream in;

        ImapReader(InputStream in) {
            this.in = in;
        }

        /**
         * Reads untagged responses up to the tagged completion of {@code tag} (or one response if tag is null);
         * returns the untagged ones, none if the command completed with NO or BAD.
         */
        List<String> readResponse(String tag) throws IOException {
            List<String> untagged = new ArrayList<>();
            while (true) {
                String response = readFolded();
                if (tag == null) {
                    untagged.add(response);
                    return untagged;
                }
                if (response.startsWith(tag + " ")) {
                    return response.startsWith(tag + " OK") ? untagged : List.of();
                }
                untagged.add(response);
            }
        }

        /** The next response line, literals folded in. */
        String next() throws IOException {
            return readFolded();
        }

        private String readFolded() throws IOException {
            StringBuilder response = new StringBuilder();
            while (true) {
                String line = readLine();
                response.append(line);
                int open = line.lastIndexOf('{');
                if (line.endsWith("}") && open >= 0) {
                    int length = Integer.parseInt(line.substring(open + 1, line.length() - 1));
                    response.append("\r\n").append(new String(in.readNBytes(length), StandardCharsets.ISO_8859_1));
                    continue;
                }
                return response.toString();
            }
        }

        /** A line read so far: kept when a read times out, so that the next call goes on with it. */
        private final StringBuilder line = new StringBuilder();

        private String readLine() throws IOException {
            while (true) {
                int next = in.read();
                if (next < 0) {
                    throw new IOException("IMAP connection closed");
                }
                if (next == '\n' && line.length() > 0 && line.charAt(line.length() - 1) == '\r') {
                    String complete = line.substring(0, line.length() - 1);
                    line.setLength(0);
                    return complete;
                }
                line.append((char) next);
            }
        }
    }
}
