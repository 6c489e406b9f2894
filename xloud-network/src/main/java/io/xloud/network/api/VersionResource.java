package io.xloud.network.api;

import io.xloud.core.http.Exchange;
import io.xloud.core.http.Router;

import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Neutron's version documents: {@code GET /networking} lists v2.0 as CURRENT; {@code GET /networking/v2.0} lists the
 * core resources with their links. Both public, as keystoneauth reads them before it has a token.
 */
final class VersionResource
{
    private static final List<String[]> RESOURCES = List.of(
            new String[] {"subnet", "subnets"},
            new String[] {"network", "networks"},
            new String[] {"port", "ports"});

    private final Supplier<String> publicUrl;

    VersionResource(Supplier<String> publicUrl)
    {
        this.publicUrl = publicUrl;
    }

    void routes(Router.Builder routes)
    {
        routes.publicRoute("GET", NetworkModule.PREFIX, this::versions);
        routes.publicRoute("GET", NetworkModule.V2, this::resources);
    }

    private void versions(Exchange exchange)
    {
        String href = publicUrl.get() + NetworkModule.V2 + "/";
        exchange.json(200, Map.of("versions", List.of(Map.of("id", "v2.0", "status", "CURRENT",
                "links", List.of(Map.of("href", href, "rel", "self"))))));
    }

    private void resources(Exchange exchange)
    {
        String base = publicUrl.get() + NetworkModule.V2 + "/";
        exchange.json(200, Map.of("resources", RESOURCES.stream()
                .map(resource -> Map.of("name", resource[0], "collection", resource[1],
                        "links", List.of(Map.of("href", base + resource[1], "rel", "self"))))
                .toList()));
    }
}
