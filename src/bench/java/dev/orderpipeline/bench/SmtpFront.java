package dev.orderpipeline.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import jdk.net.ExtendedSocketOptions;

/**
 * A byte-for-byte TCP relay in front of the local stack's SMTP server (GreenMail), which ACKs GreenMail's replies
 * at once (TCP_QUICKACK). GreenMail sends each reply in two segments without TCP_NODELAY, so the second waits for
 * the client's delayed ACK: about 40 ms per SMTP command, some 230 ms per email, which would cap the sequential
 * email worker near 4 emails/s and make the benchmark measure GreenMail, not the pipeline. A production MTA does
 * not do this. The relay changes no byte; emails still land in GreenMail, where IMAP sees them.
 */
final class SmtpFront implements AutoCloseable {

    private final ServerSocket server;
    private final InetSocketAddress upstream;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private volatile boolean running = true;

    SmtpFront(String upstreamHost, int upstreamPort) throws IOException {
        this.upstream = new InetSocketAddress(upstreamHost, upstreamPort);
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::accept, "bench-smtp-front");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    int port() {
        return server.getLocalPort();
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
                pump(client, mail, false);
                pump(mail, client, true);
            } catch (IOException e) {
                if (!running) {
                    return;
                }
            }
        }
    }

    private void pump(Socket from, Socket to, boolean quickAck) {
        Thread thread = new Thread(() -> {
            byte[] buffer = new byte[16 * 1024];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                    if (quickAck) {
                        from.setOption(ExtendedSocketOptions.TCP_QUICKACK, true);
                    }
                    out.write(buffer, 0, n);
                    out.flush();
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
}
