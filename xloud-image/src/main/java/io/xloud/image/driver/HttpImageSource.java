package io.xloud.image.driver;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.OptionalLong;

import static java.util.Objects.requireNonNull;

/**
 * Fetches image bytes over http(s) as a stream, for web-download. Redirects are followed by hand, at most
 * {@value #MAX_REDIRECTS}, and every hop passes the {@link Guard} before a connection is made, so a redirect cannot
 * lead an import to a host it may not reach.
 */
public final class HttpImageSource
{
    public static final int MAX_REDIRECTS = 5;

    /** Decides whether a URL may be fetched; throws to refuse it. */
    @FunctionalInterface
    public interface Guard
    {
        URI check(String uri)
                throws IOException;
    }

    /** An open response body and the length the server announced, if any. */
    public record Download(InputStream body, OptionalLong length)
            implements AutoCloseable
    {
        public Download
        {
            requireNonNull(body, "body is null");
            requireNonNull(length, "length is null");
        }

        @Override
        public void close()
                throws IOException
        {
            body.close();
        }
    }

    /** A fetch that failed for a reason the user should see on the task. */
    public static final class DownloadException
            extends IOException
    {
        public DownloadException(String message)
        {
            super(message);
        }
    }

    private final Duration timeout;
    // made at the first download: creating an HttpClient (selector thread, TLS context) is a slice of start-up
    private HttpClient client;

    public HttpImageSource(Duration timeout)
    {
        this.timeout = requireNonNull(timeout, "timeout is null");
    }

    private synchronized HttpClient client()
    {
        if (client == null) {
            client = HttpClient.newBuilder()
                    .followRedirects(HttpClient.Redirect.NEVER)
                    .connectTimeout(timeout)
                    .build();
        }
        return client;
    }

    public Download open(String uri, Guard guard)
            throws IOException, InterruptedException
    {
        String current = uri;
        for (int hop = 0; hop <= MAX_REDIRECTS; hop++) {
            URI target = guard.check(current);
            HttpRequest request = HttpRequest.newBuilder(target)
                    .timeout(timeout)
                    .header("User-Agent", "xloud-image-import")
                    .GET()
                    .build();
            HttpResponse<InputStream> response = client().send(request, HttpResponse.BodyHandlers.ofInputStream());
            int status = response.statusCode();
            if (status == 200) {
                OptionalLong length = response.headers().firstValueAsLong("Content-Length");
                return new Download(response.body(), length);
            }
            response.body().close();
            if (status == 301 || status == 302 || status == 303 || status == 307 || status == 308) {
                String location = response.headers().firstValue("Location")
                        .orElseThrow(() -> new DownloadException("redirect without a Location from " + target));
                current = target.resolve(location).toString();
                continue;
            }
            throw new DownloadException("the server answered " + status + " for " + target);
        }
        throw new DownloadException("more than " + MAX_REDIRECTS + " redirects from " + uri);
    }
}
