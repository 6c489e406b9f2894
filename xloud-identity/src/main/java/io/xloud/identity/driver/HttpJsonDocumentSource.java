package io.xloud.identity.driver;

import com.fasterxml.jackson.databind.JsonNode;
import io.xloud.core.json.Json;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** GETs JSON over HTTP(S) with short timeouts and a size cap: a slow or hostile provider cannot hold a login. */
public final class HttpJsonDocumentSource
        implements JsonDocumentSource
{
    private static final int MAX_BYTES = 1 << 20;
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    // made at the first fetch: creating an HttpClient (selector thread, TLS context) was a tenth of start-up, and most
    // deployments never log in through a federated provider
    private HttpClient client;

    private synchronized HttpClient client()
    {
        if (client == null) {
            client = HttpClient.newBuilder()
                    .connectTimeout(TIMEOUT)
                    .followRedirects(HttpClient.Redirect.NORMAL)
                    .build();
        }
        return client;
    }

    @Override
    public JsonNode fetch(URI uri)
            throws IOException
    {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(java.util.Locale.ROOT);
        if (!scheme.equals("https") && !scheme.equals("http")) {
            throw new IOException("only http and https documents are fetched: " + uri);
        }
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(TIMEOUT).header("Accept", "application/json").GET().build();
        HttpResponse<InputStream> response;
        try {
            response = client().send(request, HttpResponse.BodyHandlers.ofInputStream());
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted fetching " + uri, e);
        }
        try (InputStream body = response.body()) {
            if (response.statusCode() != 200) {
                throw new IOException(uri + " answered " + response.statusCode());
            }
            byte[] bytes = body.readNBytes(MAX_BYTES + 1);
            if (bytes.length > MAX_BYTES) {
                throw new IOException(uri + " is larger than " + MAX_BYTES + " bytes");
            }
            try {
                return Json.mapper().readTree(bytes);
            }
            catch (RuntimeException e) {
                throw new IOException(uri + " is not JSON", e);
            }
        }
    }
}
