package io.xloud.network.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.xloud.core.collection.ListRequest;
import io.xloud.core.collection.Page;
import io.xloud.core.error.ApiException;
import io.xloud.core.http.Exchange;
import io.xloud.core.http.Router;
import io.xloud.network.service.StandardAttributes;
import io.xloud.network.service.SubPort;
import io.xloud.network.service.Trunk;
import io.xloud.network.service.TrunkErrorCode;
import io.xloud.network.service.TrunkService;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static io.xloud.network.api.TrunkPolicies.ADD_SUBPORTS;
import static io.xloud.network.api.TrunkPolicies.CREATE_TRUNK;
import static io.xloud.network.api.TrunkPolicies.DELETE_TRUNK;
import static io.xloud.network.api.TrunkPolicies.GET_SUBPORTS;
import static io.xloud.network.api.TrunkPolicies.GET_TRUNK;
import static io.xloud.network.api.TrunkPolicies.REMOVE_SUBPORTS;
import static io.xloud.network.api.TrunkPolicies.UPDATE_TRUNK;
import static java.util.Objects.requireNonNull;

/** {@code /v2.0/trunks} (trunk) with {@code add_subports}, {@code remove_subports} and {@code get_subports}. */
public final class TrunkResource
{
    private static final String COLLECTION = "trunks";
    private static final Set<String> CREATE = Set.of("name", "description", "port_id", "admin_state_up", "sub_ports", "tags", "project_id", "tenant_id");
    private static final Set<String> UPDATE = Set.of("name", "description", "admin_state_up");
    private static final Set<String> SUB_PORT = Set.of("port_id", "segmentation_type", "segmentation_id");

    private final TrunkService trunks;
    private final StandardAttributes standard;
    private final NeutronLists lists;

    public TrunkResource(TrunkService trunks, StandardAttributes standard, NeutronLists lists)
    {
        this.trunks = requireNonNull(trunks, "trunks is null");
        this.standard = requireNonNull(standard, "standard is null");
        this.lists = requireNonNull(lists, "lists is null");
    }

    public void routes(Router.Builder routes)
    {
        String base = NetworkModule.V2 + "/" + COLLECTION;
        routes.route("POST", base, CREATE_TRUNK, this::createTarget, this::create);
        routes.route("GET", base, GET_TRUNK, exchange -> SecurityRequests.target(SecurityRequests.callerProject(exchange.auth())), lists.cached(this::list));
        routes.route("GET", base + "/{id}", GET_TRUNK, this::target, this::show);
        routes.route("PUT", base + "/{id}", UPDATE_TRUNK, this::target, this::update);
        routes.route("DELETE", base + "/{id}", DELETE_TRUNK, this::target, this::delete);
        routes.route("PUT", base + "/{id}/add_subports", ADD_SUBPORTS, this::target, this::add);
        routes.route("PUT", base + "/{id}/remove_subports", REMOVE_SUBPORTS, this::target, this::remove);
        routes.route("GET", base + "/{id}/get_subports", GET_SUBPORTS, this::target, this::subPorts);
        new TagsResource(standard, COLLECTION, TrunkService.TABLE, this::target).routes(routes);
    }

    static Map<String, Object> view(Trunk trunk)
    {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", trunk.id());
        view.put("name", trunk.name());
        view.put("port_id", trunk.portId());
        view.put("admin_state_up", trunk.adminStateUp());
        view.put("status", trunk.status());
        view.put("sub_ports", trunk.subPorts().stream().map(TrunkResource::view).toList());
        StandardViews.put(view, trunk.standard());
        return view;
    }

    static Map<String, Object> view(SubPort subPort)
    {
        return StandardViews.ordered("segmentation_id", subPort.segmentationId().orElse(null), "segmentation_type", subPort.segmentationType(),
                "port_id", subPort.portId());
    }

    /** A parent port's {@code trunk_details} (trunk-details). */
    static Map<String, Object> view(Trunk.Details details)
    {
        List<Map<String, Object>> subPorts = details.subPorts().stream()
                .map(detail -> StandardViews.ordered("segmentation_id", detail.subPort().segmentationId().orElse(null),
                        "segmentation_type", detail.subPort().segmentationType(), "port_id", detail.subPort().portId(), "mac_address", detail.macAddress()))
                .toList();
        return StandardViews.ordered("trunk_id", details.trunkId(), "sub_ports", subPorts);
    }

    private Map<String, Object> createTarget(Exchange exchange)
    {
        return SecurityRequests.target(SecurityRequests.owner(exchange, SecurityRequests.entity(exchange, "trunk", CREATE)));
    }

    private Map<String, Object> target(Exchange exchange)
    {
        return SecurityRequests.target(trunks.get(exchange.path("id"), SecurityRequests.scope(exchange)).projectId());
    }

    private void create(Exchange exchange)
    {
        JsonNode entity = SecurityRequests.entity(exchange, "trunk", CREATE);
        String portId = SecurityRequests.textOrNull(entity, "port_id")
                .orElseThrow(() -> SecurityRequests.badRequest("Failed to parse request. Required attribute 'port_id' not specified"));
        List<String> tags = TagsResource.creationTags(entity);
        List<SubPort> subPorts = entity.hasNonNull("sub_ports") ? subPorts(entity.get("sub_ports"), false) : List.of();
        Trunk trunk = trunks.create(SecurityRequests.scope(exchange), SecurityRequests.owner(exchange, entity),
                SecurityRequests.textOrNull(entity, "name").orElse(""), SecurityRequests.textOrNull(entity, "description").orElse(""), portId,
                SecurityRequests.bool(entity, "admin_state_up").orElse(true), subPorts);
        if (!tags.isEmpty()) {
            standard.replaceTags(TrunkService.TABLE, COLLECTION, trunk.id(), tags);
            trunk = trunks.get(trunk.id(), SecurityRequests.scope(exchange));
        }
        exchange.json(201, Map.of("trunk", view(trunk)));
    }

    private void list(Exchange exchange)
    {
        ListRequest request = NeutronLists.request(exchange, TrunkService.LIST);
        Page<Trunk> page = trunks.list(request, SecurityRequests.scope(exchange));
        lists.respond(exchange, "trunks", page.map(TrunkResource::view), request);
    }

    private void show(Exchange exchange)
    {
        Trunk trunk = trunks.get(exchange.path("id"), SecurityRequests.scope(exchange));
        exchange.json(200, Map.of("trunk", NeutronLists.projectShow(exchange, view(trunk))));
    }

    private void update(Exchange exchange)
    {
        JsonNode entity = SecurityRequests.entity(exchange, "trunk", UPDATE);
        Trunk trunk = trunks.update(exchange.path("id"), SecurityRequests.scope(exchange), SecurityRequests.textOrNull(entity, "name"),
                SecurityRequests.textOrNull(entity, "description"), SecurityRequests.bool(entity, "admin_state_up"), StandardViews.ifMatch(exchange));
        exchange.json(200, Map.of("trunk", view(trunk)));
    }

    private void delete(Exchange exchange)
    {
        trunks.delete(exchange.path("id"), SecurityRequests.scope(exchange));
        exchange.noContent();
    }

    private void add(Exchange exchange)
    {
        Trunk trunk = trunks.addSubPorts(exchange.path("id"), SecurityRequests.scope(exchange), subPorts(subPortsBody(exchange), false));
        exchange.json(200, view(trunk));
    }

    private void remove(Exchange exchange)
    {
        List<String> portIds = subPorts(subPortsBody(exchange), true).stream().map(SubPort::portId).toList();
        Trunk trunk = trunks.removeSubPorts(exchange.path("id"), SecurityRequests.scope(exchange), portIds);
        exchange.json(200, view(trunk));
    }

    private void subPorts(Exchange exchange)
    {
        Trunk trunk = trunks.get(exchange.path("id"), SecurityRequests.scope(exchange));
        exchange.json(200, Map.of("sub_ports", trunk.subPorts().stream().map(TrunkResource::view).toList()));
    }

    /** The list of {@code {"sub_ports": [...]}}, the body of add_subports and remove_subports. */
    private static JsonNode subPortsBody(Exchange exchange)
    {
        JsonNode body = exchange.readJson();
        if (!body.isObject() || !body.has("sub_ports")) {
            throw SecurityRequests.badRequest("Invalid input: the body must be {\"sub_ports\": [...]}.");
        }
        return body.get("sub_ports");
    }

    /** Subports as a request gives them; for a removal only {@code port_id} counts. */
    private static List<SubPort> subPorts(JsonNode value, boolean removal)
    {
        if (!value.isArray()) {
            throw SecurityRequests.badRequest("Invalid input for sub_ports. Reason: a list of subports is required.");
        }
        if (value.size() > TrunkService.MAX_SUB_PORTS_PER_REQUEST) {
            throw new ApiException(TrunkErrorCode.INVALID_INPUT, "Invalid input for sub_ports. Reason: at most " + TrunkService.MAX_SUB_PORTS_PER_REQUEST
                    + " subports may be given in one request.");
        }
        List<SubPort> subPorts = new ArrayList<>();
        for (JsonNode item : value) {
            if (!item.isObject()) {
                throw SecurityRequests.badRequest("Invalid input for sub_ports. Reason: '" + SecurityRequests.shorten(item.toString())
                        + "' is not a dictionary.");
            }
            List<String> unknown = new ArrayList<>();
            item.fieldNames().forEachRemaining(field -> {
                if (!SUB_PORT.contains(field)) {
                    unknown.add(SecurityRequests.shorten(field));
                }
            });
            if (!unknown.isEmpty()) {
                throw SecurityRequests.badRequest("Invalid input for sub_ports. Reason: unexpected keys " + unknown + ".");
            }
            String portId = SecurityRequests.textOrNull(item, "port_id")
                    .orElseThrow(() -> SecurityRequests.badRequest("Invalid input for sub_ports. Reason: every subport needs a port_id."));
            if (removal) {
                subPorts.add(new SubPort(portId, SubPort.INHERIT, Optional.empty()));
                continue;
            }
            subPorts.add(TrunkService.subPort(portId, SecurityRequests.textOrNull(item, "segmentation_type"), segmentationId(item)));
        }
        return subPorts;
    }

    /** An integer, or a string of digits as Neutron converts it; anything else is a 400. */
    private static Optional<Integer> segmentationId(JsonNode item)
    {
        JsonNode value = item.get("segmentation_id");
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (value.isIntegralNumber()) {
            return Optional.of(value.canConvertToInt() ? value.asInt() : -1);
        }
        if (value.isTextual() && !value.asText().isEmpty() && value.asText().length() <= 9 && value.asText().chars().allMatch(Character::isDigit)) {
            return Optional.of(Integer.parseInt(value.asText()));
        }
        throw new ApiException(TrunkErrorCode.INVALID_INPUT,
                "Invalid input for segmentation_id. Reason: '" + SecurityRequests.shorten(value.toString()) + "' is not an integer.");
    }
}
