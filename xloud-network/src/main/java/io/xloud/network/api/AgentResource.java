package io.xloud.network.api;

import io.xloud.core.error.ApiException;
import io.xloud.core.http.Exchange;
import io.xloud.core.http.Router;
import io.xloud.network.service.NetworkErrorCode;

import java.util.List;
import java.util.Map;

/**
 * {@code /v2.0/agents}: Xloud runs no Neutron agents (addresses, routing and security groups are its own), so the
 * list is empty for everyone, as Neutron's is for a caller who may see no agent, and every agent is unknown.
 * The extension ({@code agent}) is not listed.
 */
final class AgentResource
{
    /** Neutron lists only the agents a caller may see; the list itself is open. */
    static final String LIST_AGENTS = "get_agent:list";
    static final String GET_AGENT = "get_agent";

    void routes(Router.Builder routes)
    {
        routes.route("GET", NetworkModule.V2 + "/agents", LIST_AGENTS, exchange -> Map.of(), this::list);
        routes.route("GET", NetworkModule.V2 + "/agents/{id}", GET_AGENT, exchange -> Map.of(), this::show);
    }

    private void list(Exchange exchange)
    {
        exchange.json(200, Map.of("agents", List.of()));
    }

    private void show(Exchange exchange)
    {
        throw new ApiException(NetworkErrorCode.AGENT_NOT_FOUND, "Agent " + Bodies.shorten(exchange.path("id")) + " could not be found.");
    }
}
