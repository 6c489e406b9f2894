package io.xloud.network.api;

import io.xloud.core.error.ApiException;
import io.xloud.core.http.Exchange;
import io.xloud.core.http.Router;
import io.xloud.network.service.Extensions;
import io.xloud.network.service.NetworkErrorCode;

import java.util.Map;

/** {@code GET /v2.0/extensions} and {@code /v2.0/extensions/{alias}}: the aliases this service implements. */
final class ExtensionsResource
{
    void routes(Router.Builder routes)
    {
        routes.route("GET", NetworkModule.V2 + "/extensions", NetworkPolicies.GET_EXTENSION, exchange -> Map.of(), this::list);
        routes.route("GET", NetworkModule.V2 + "/extensions/{alias}", NetworkPolicies.GET_EXTENSION, exchange -> Map.of(), this::show);
    }

    private void list(Exchange exchange)
    {
        exchange.json(200, Map.of("extensions", Extensions.all().stream().map(Extensions::view).toList()));
    }

    private void show(Exchange exchange)
    {
        String alias = exchange.path("alias");
        Extensions.Extension extension = Extensions.find(alias).orElseThrow(() -> new ApiException(NetworkErrorCode.EXTENSION_NOT_FOUND,
                "Extension with alias " + (alias.length() > 64 ? alias.substring(0, 64) + "..." : alias) + " does not exist"));
        exchange.json(200, Map.of("extension", Extensions.view(extension)));
    }
}
