package io.xloud.testing.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.xloud.core.events.delivery.WebhookSignature;
import io.xloud.core.json.Json;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/** A webhook receiver on 127.0.0.1: records what arrives (signature checked) and answers the status it is told to. */
final class WebhookReceiver
        implements AutoCloseable
{
    record Received(String eventId, String type, String resourceId, boolean signatureValid, String timestamp, JsonNode body) {}

    private final HttpServer server;
    private final String secret;
    private final List<Received> received = new ArrayList<>();
    private final AtomicInteger status = new AtomicInteger(204);
    private volatile CountDownLatch hold;

    WebhookReceiver(String secret)
            throws IOException
    {
        this(secret, 0);
    }

    /** On a given port, e.g. one a subscription already names while nothing listened there. */
    WebhookReceiver(String secret, int port)
            throws IOException
    {
        this.secret = secret;
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/hook", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            CountDownLatch latch = hold;
            if (latch != null) {
                try {
                    latch.await();
                }
                catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            int answer = status.get();
            if (answer / 100 == 2) {
                JsonNode json = Json.mapper().readTree(body);
                synchronized (received) {
                    received.add(new Received(exchange.getRequestHeaders().getFirst("X-Xloud-Event-Id"),
                            exchange.getRequestHeaders().getFirst("X-Xloud-Event-Type"), json.path("resource_id").asText(),
                            WebhookSignature.verify(secret, body, exchange.getRequestHeaders().getFirst("X-Xloud-Signature")),
                            exchange.getRequestHeaders().getFirst("X-Xloud-Timestamp"), json));
                }
            }
            exchange.sendResponseHeaders(answer, -1);
            exchange.close();
        });
        server.start();
    }

    String url()
    {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
    }

    void answer(int code)
    {
        status.set(code);
    }

    /** Requests wait until {@link #release()}: a delivery caught in flight. */
    void holdRequests()
    {
        hold = new CountDownLatch(1);
    }

    void release()
    {
        CountDownLatch latch = hold;
        hold = null;
        if (latch != null) {
            latch.countDown();
        }
    }

    List<Received> received()
    {
        synchronized (received) {
            return List.copyOf(received);
        }
    }

    /** Waits until what arrived satisfies {@code done}; false after {@code timeout}. */
    boolean await(Duration timeout, Predicate<List<Received>> done)
            throws InterruptedException
    {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (done.test(received())) {
                return true;
            }
            Thread.sleep(10);
        }
        return done.test(received());
    }

    /** A port nothing listens on (for now). */
    static int closedPort()
            throws IOException
    {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            return socket.getLocalPort();
        }
    }

    static Map<String, String> fastSettings()
    {
        return Map.of("events.poll_interval_ms", "50", "events.retry.initial_ms", "50", "events.retry.max_ms", "200",
                "events.delivery_timeout_ms", "1000");
    }

    @Override
    public void close()
    {
        release();
        server.stop(0);
    }
}
