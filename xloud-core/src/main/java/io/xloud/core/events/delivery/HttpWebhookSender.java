package io.xloud.core.events.delivery;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Executors;

import static java.util.Objects.requireNonNull;

/**
 * Webhook POSTs over {@link HttpClient}: connect and response timeouts, redirects never followed (a 3xx is a
 * failed attempt), and no response body read: the status decides.
 */
public final class HttpWebhookSender
        implements WebhookSender
{
    private final Duration timeout;
    private HttpClient client;

    public HttpWebhookSender(Duration timeout)
    {
        this.timeout = requireNonNull(timeout, "timeout is null");
    }

    // made at the first delivery: a node without subscriptions starts no client threads
    private synchronized HttpClient client()
    {
        if (client == null) {
            client = HttpClient.newBuilder()
                    .connectTimeout(timeout)
                    .followRedirects(HttpClient.Redirect.NEVER)
                    .executor(Executors.newVirtualThreadPerTaskExecutor())
                    .build();
        }
        return client;
    }

    @Override
    public int post(URI url, Map<String, String> headers, byte[] body)
            throws IOException, InterruptedException
    {
        HttpRequest.Builder request = HttpRequest.newBuilder(url)
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(request::header);
        HttpResponse<InputStream> response = client().send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        // only the status counts; the body is not read, so a receiver that stalls after its headers holds nothing
        response.body().close();
        return response.statusCode();
    }
}
