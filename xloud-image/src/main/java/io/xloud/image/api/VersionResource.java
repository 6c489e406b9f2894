package io.xloud.image.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.xloud.core.http.Router;
import io.xloud.core.json.Json;

import java.util.function.Supplier;

import static java.util.Objects.requireNonNull;

/**
 * Glance's version documents: 300 Multiple Choices at the service root, 200 at /versions and /v2, listing
 * v2.16 (CURRENT) down to v2.0, every one linking to /v2/.
 */
public final class VersionResource
{
    /** Glance's minor versions of v2, oldest first; the newest is CURRENT. */
    static final int NEWEST_MINOR = 16;

    private final Supplier<String> publicUrl;

    public VersionResource(Supplier<String> publicUrl)
    {
        this.publicUrl = requireNonNull(publicUrl, "publicUrl is null");
    }

    public void routes(Router.Builder r)
    {
        r.publicRoute("GET", ImageModule.PREFIX, exchange -> exchange.json(300, versions()));
        r.publicRoute("GET", ImageModule.PREFIX + "/versions", exchange -> exchange.json(200, versions()));
        r.publicRoute("GET", ImageModule.V2, exchange -> exchange.json(200, versions()));
    }

    private ObjectNode versions()
    {
        ObjectNode body = Json.object();
        ArrayNode versions = body.putArray("versions");
        String href = publicUrl.get() + ImageModule.V2 + "/";
        for (int minor = NEWEST_MINOR; minor >= 0; minor--) {
            ObjectNode version = versions.addObject();
            version.put("id", "v2." + minor);
            version.put("status", minor == NEWEST_MINOR ? "CURRENT" : "SUPPORTED");
            version.putArray("links").addObject().put("rel", "self").put("href", href);
        }
        return body;
    }
}
