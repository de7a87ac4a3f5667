package dev.orderpipeline.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

import jdk.net.ExtendedSocketOptions;

/**
 * The benchmark's instrument for emails: a byte-for-byte TCP relay in front of the local stack's SMTP server
 * (GreenMail) that reports to {@link Deliveries} each email the server accepted, the moment the server's 2xx reply
 * to the end of its data passes through, by its Message-ID. Each read is forwarded as it is, and only then shown to
 * the connection's {@link SmtpTap}, which reads a copy: the relay changes no byte and holds none back to parse it.
 *
 * <p>It also ACKs GreenMail's replies at once (TCP_QUICKACK). GreenMail sends each reply in two segments without
 * TCP_NODELAY, so the second waits for the client's delayed ACK: about 40 ms per SMTP command, some 230 ms per email,
 * which would cap the sequential email worker near 4 emails/s and make the benchmark measure GreenMail, not the
 * pipeline. A production MTA does not do this. The emails still land in GreenMail's mail boxes; nothing reads them.
 */
final class SmtpFront implements AutoCloseable {

    private final ServerSocket server;
    private final InetSocketAddress upstream;
    private final Deliveries deliveries;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final List<SmtpTap> taps = new CopyOnWriteArrayList<>();
    private final AtomicLong connections = new AtomicLong();
    private final AtomicLong accepted = new AtomicLong();
    private final AtomicLong acceptedWithoutOrder = new AtomicLong();
    private final Map<Integer, AtomicLong> refused = new ConcurrentHashMap<>();
    private volatile boolean running = true;

    SmtpFront(String upstreamHost, int upstreamPort, Deliveries deliveries) throws IOException {
        this.upstream = new InetSocketAddress(upstreamHost, upstreamPort);
        this.deliveries = deliveries;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::accept, "bench-smtp-front");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    int port() {
        return server.getLocalPort();
    }

    /**
     * What the relay saw: connections, emails accepted (and how many carried no order's Message-ID), emails whose
     * data the server refused, by reply code, and the connections it could not follow, with why.
     */
    String summary() {
        StringBuilder summary = new StringBuilder().append(connections.get()).append(" SMTP connection(s), ")
                .append(accepted.get()).append(" email(s) accepted (").append(acceptedWithoutOrder.get())
                .append(" without an order's Message-ID), ");
        Map<Integer, Long> byCode = new TreeMap<>();
        refused.forEach((code, count) -> byCode.put(code, count.get()));
        summary.append(byCode.isEmpty() ? "none refused" : "refused at the end of data: " + byCode);
        List<String> lost = taps.stream().map(SmtpTap::lost).filter(reason -> reason != null).toList();
        summary.append(lost.isEmpty() ? "; every connection followed" : "; connections not followed: " + lost.size()
                + " (" + lost.get(0) + (lost.size() > 1 ? ", …" : "") + "): emails on them were not seen");
        return summary.toString();
    }

    private void accept() {
        while (running) {
            try {
                Socket client = server.accept();
                Socket mail = new Socket();
                mail.connect(upstream, 5000);
                client.setTcpNoDelay(true);
                mail.setTcpNoDelay(true);
                sockets.add(client);
                sockets.add(mail);
                connections.incrementAndGet();
                SmtpTap tap = new SmtpTap(new Counted());
                taps.add(tap);
                pump(client, mail, false, tap);
                pump(mail, client, true, tap);
            } catch (IOException e) {
                if (!running) {
                    return;
                }
            }
        }
    }

    /** Forwards each read as it is, then shows it to the tap; the server's reads are timed before they are forwarded. */
    private void pump(Socket from, Socket to, boolean fromServer, SmtpTap tap) {
        Thread thread = new Thread(() -> {
            byte[] buffer = new byte[16 * 1024];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                    long readAt = System.nanoTime();
                    if (fromServer) {
                        from.setOption(ExtendedSocketOptions.TCP_QUICKACK, true);
                    }
                    out.write(buffer, 0, n);
                    out.flush();
                    try {
                        if (fromServer) {
                            tap.fromServer(buffer, 0, n, readAt);
                        } else {
                            tap.fromClient(buffer, 0, n);
                        }
                    } catch (RuntimeException e) {
                        tap.lose("the tap failed: " + e);
                    }
                }
            } catch (IOException e) {
                // one side closed
            } finally {
                close(from);
                close(to);
            }
        }, "bench-smtp-front-pump");
        thread.setDaemon(true);
        thread.start();
    }

    private void close(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // closing
        }
        sockets.remove(socket);
    }

    @Override
    public void close() throws IOException {
        running = false;
        server.close();
        sockets.forEach(this::close);
    }

    /** Counts what the taps report and hands each accepted order email to the deliveries, as confirmation or not. */
    private final class Counted implements SmtpTap.Listener {
        @Override
        public void accepted(String orderId, String kind, long atNanos) {
            accepted.incrementAndGet();
            if (orderId == null) {
                acceptedWithoutOrder.incrementAndGet();
            } else {
                deliveries.arrived(orderId, "confirmation".equals(kind), atNanos);
            }
        }

        @Override
        public void refused(String orderId, String kind, int code) {
            refused.computeIfAbsent(code, c -> new AtomicLong()).incrementAndGet();
        }
    }
}
