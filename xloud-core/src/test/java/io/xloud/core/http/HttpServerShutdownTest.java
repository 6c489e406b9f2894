package io.xloud.core.http;

import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** What a client sees of a graceful stop: requests in progress finish, idle keep-alive connections close at once. */
class HttpServerShutdownTest
{
    /** Counted down once the upload's request (to {@code /b}) reaches the handler. */
    private final CountDownLatch bodyStarted = new CountDownLatch(1);
    private HttpServer server;

    /** Answers the number of body bytes it read. */
    private final Handler countingHandler = new Handler.Abstract()
    {
        @Override
        public boolean handle(Request request, Response response, Callback callback)
                throws Exception
        {
            if (request.getHttpURI().getPath().equals("/b")) {
                // the upload's request is being handled (the idle connection's earlier request must not count)
                bodyStarted.countDown();
            }
            long count;
            try (InputStream body = Content.Source.asInputStream(request)) {
                count = body.transferTo(OutputStream.nullOutputStream());
            }
            response.setStatus(200);
            Content.Sink.write(response, true, "read " + count, callback);
            return true;
        }
    };

    @AfterEach
    void stop()
            throws Exception
    {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void anUploadThatPausesDuringShutdownCompletesAndIdleConnectionsClose()
            throws Exception
    {
        server = new HttpServer("127.0.0.1", 0, countingHandler, 10_000);
        server.start();
        try (Socket idle = new Socket("127.0.0.1", server.port()); Socket upload = new Socket("127.0.0.1", server.port())) {
            idle.setSoTimeout(5_000);
            upload.setSoTimeout(5_000);
            // a keep-alive connection that has finished its request
            send(idle, "POST /a HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\nhi");
            assertThat(readResponse(idle.getInputStream())).startsWith("HTTP/1.1 200").endsWith("read 2");
            // an upload whose body has only half arrived
            send(upload, "PUT /b HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\n12345");
            assertThat(bodyStarted.await(5, TimeUnit.SECONDS)).isTrue();

            CompletableFuture<Void> closed = CompletableFuture.runAsync(() -> {
                try {
                    server.close();
                }
                catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            // the idle connection is closed by the server well before the grace runs out
            long start = System.nanoTime();
            assertThat(idle.getInputStream().read()).isEqualTo(-1);
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(5_000);

            // the upload's body pauses for longer than the idle connection was given, then completes
            Thread.sleep(800);
            assertThat(closed).isNotDone();
            send(upload, "67890");
            String response = readResponse(upload.getInputStream());
            assertThat(response).startsWith("HTTP/1.1 200").endsWith("read 10");
            assertThat(response.toLowerCase(java.util.Locale.ROOT)).contains("connection: close");
            closed.get(10, TimeUnit.SECONDS);
            server = null;
        }
    }

    private static void send(Socket socket, String text)
            throws IOException
    {
        socket.getOutputStream().write(text.getBytes(StandardCharsets.ISO_8859_1));
        socket.getOutputStream().flush();
    }

    /** One response: its head, then as many body bytes as its Content-Length says. */
    private static String readResponse(InputStream in)
            throws IOException
    {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                return head.toString(StandardCharsets.ISO_8859_1);
            }
            head.write(b);
        }
        String text = head.toString(StandardCharsets.ISO_8859_1);
        int length = 0;
        for (String line : text.split("\r\n")) {
            if (line.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:")) {
                length = Integer.parseInt(line.substring("content-length:".length()).strip());
            }
        }
        return text + new String(in.readNBytes(length), StandardCharsets.ISO_8859_1);
    }
}
