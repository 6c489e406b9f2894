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

/**
 * Webhook POSTs over {@link HttpClient}: connect and response timeouts, redirects never followed (a 3xx is a
 * failed attempt), and no response body read: the status decides.
 */
public final class HttpWebhookSender
        implements WebhookSender
{
    private final HttpClient client;
    private final Duration timeout;

    public HttpWebhookSender(Duration timeout)
    {
        this.timeout = timeout;
        this.client = HttpClient.newBuilder()
                .connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .executor(Executors.newVirtualThreadPerTaskExecutor())
                .build();
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
        HttpResponse<InputStream> response = client.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        // only the status counts; the body is not read, so a receiver that stalls after its headers holds nothing
        response.body().close();
        return response.statusCode();
    }
}
