package io.xloud.image.api;

import io.xloud.core.http.Router;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

import static io.xloud.image.api.ImageModule.V2;

/** /v2/schemas/{image,images,member,members}: Glance's JSON schemas, as Glance serves them. */
public final class SchemaResource
{
    public void routes(Router.Builder r)
    {
        for (String name : new String[] {"image", "images", "member", "members"}) {
            byte[] schema = load("schema-" + name + ".json");
            r.route("GET", V2 + "/schemas/" + name, ImagePolicies.GET_SCHEMAS, ImageApi::callerTarget,
                    exchange -> exchange.respond(200, "application/json", schema));
        }
    }

    /** A schema document beside this class, for resources of other parts of the service too. */
    public static byte[] load(String resource)
    {
        try (InputStream in = SchemaResource.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing schema resource " + resource);
            }
            return in.readAllBytes();
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
