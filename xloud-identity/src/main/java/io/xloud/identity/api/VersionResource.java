package io.xloud.identity.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.xloud.core.http.Exchange;
import io.xloud.core.http.Router;
import io.xloud.core.json.Json;

/** Keystone's version documents, at /, /identity and /identity/v3: keystoneauth's discovery starts here. */
public final class VersionResource
{
    private final IdentityApi api;

    public VersionResource(IdentityApi api)
    {
        this.api = api;
    }

    public void routes(Router.Builder r)
    {
        r.publicRoute("GET", "/", this::versions);
        r.publicRoute("GET", "/identity", this::versions);
        r.publicRoute("GET", "/identity/v3", this::version);
    }

    private ObjectNode v3()
    {
        ObjectNode version = Json.object();
        version.put("id", "v3.14");
        version.put("status", "stable");
        version.put("updated", "2020-04-07T00:00:00Z");
        ArrayNode links = version.putArray("links");
        links.addObject().put("rel", "self").put("href", api.publicUrl() + "/identity/v3/");
        ArrayNode types = version.putArray("media-types");
        types.addObject().put("base", "application/json").put("type", "application/vnd.openstack.identity-v3+json");
        return version;
    }

    private void versions(Exchange exchange)
    {
        ObjectNode body = Json.object();
        body.putObject("versions").putArray("values").add(v3());
        exchange.json(300, body);
    }

    private void version(Exchange exchange)
    {
        ObjectNode body = Json.object();
        body.set("version", v3());
        exchange.json(200, body);
    }
}
