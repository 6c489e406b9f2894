package io.xloud.network.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.xloud.core.collection.ListRequest;
import io.xloud.core.collection.Page;
import io.xloud.core.http.Exchange;
import io.xloud.core.http.Router;
import io.xloud.network.service.AddressGroup;
import io.xloud.network.service.AddressGroupService;
import io.xloud.network.service.StandardAttributes;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.xloud.network.api.SecurityGroupPolicies.ADD_ADDRESSES;
import static io.xloud.network.api.SecurityGroupPolicies.CREATE_ADDRESS_GROUP;
import static io.xloud.network.api.SecurityGroupPolicies.DELETE_ADDRESS_GROUP;
import static io.xloud.network.api.SecurityGroupPolicies.GET_ADDRESS_GROUP;
import static io.xloud.network.api.SecurityGroupPolicies.REMOVE_ADDRESSES;
import static io.xloud.network.api.SecurityGroupPolicies.UPDATE_ADDRESS_GROUP;
import static java.util.Objects.requireNonNull;

/** {@code /v2.0/address-groups} (address-group) with {@code add_addresses} and {@code remove_addresses}. */
public final class AddressGroupResource
{
    private static final String COLLECTION = "address-groups";
    private static final Set<String> CREATE = Set.of("name", "description", "addresses", "project_id", "tenant_id");
    private static final Set<String> UPDATE = Set.of("name", "description");

    private final AddressGroupService groups;
    private final StandardAttributes standard;
    private final NeutronLists lists;

    public AddressGroupResource(AddressGroupService groups, StandardAttributes standard, NeutronLists lists)
    {
        this.groups = requireNonNull(groups, "groups is null");
        this.standard = requireNonNull(standard, "standard is null");
        this.lists = requireNonNull(lists, "lists is null");
    }

    public void routes(Router.Builder routes)
    {
        String base = NetworkModule.V2 + "/" + COLLECTION;
        routes.route("POST", base, CREATE_ADDRESS_GROUP, this::createTarget, this::create);
        routes.route("GET", base, GET_ADDRESS_GROUP, exchange -> SecurityRequests.target(SecurityRequests.callerProject(exchange.auth())), lists.cached(this::list));
        routes.route("GET", base + "/{id}", GET_ADDRESS_GROUP, this::target, this::show);
        routes.route("PUT", base + "/{id}", UPDATE_ADDRESS_GROUP, this::target, this::update);
        routes.route("DELETE", base + "/{id}", DELETE_ADDRESS_GROUP, this::target, this::delete);
        routes.route("PUT", base + "/{id}/add_addresses", ADD_ADDRESSES, this::target, this::add);
        routes.route("PUT", base + "/{id}/remove_addresses", REMOVE_ADDRESSES, this::target, this::remove);
        new TagsResource(standard, COLLECTION, AddressGroupService.TABLE, this::target).routes(routes);
    }

    /** {@code shared} (rbac-address-group): whether an RBAC policy shares the group with the viewer's project (or with all). */
    private Map<String, Object> view(Exchange exchange, AddressGroup group)
    {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", group.id());
        view.put("name", group.name());
        view.put("addresses", group.addresses());
        view.put("shared", groups.sharedWith(group.id(), SecurityRequests.scope(exchange).projectId()));
        StandardViews.put(view, group.standard());
        return view;
    }

    private Map<String, Object> createTarget(Exchange exchange)
    {
        return SecurityRequests.target(SecurityRequests.owner(exchange, SecurityRequests.entity(exchange, "address_group", CREATE)));
    }

    private Map<String, Object> target(Exchange exchange)
    {
        AddressGroup group = groups.get(exchange.path("id"), SecurityRequests.scope(exchange));
        Map<String, Object> target = SecurityRequests.target(group.projectId());
        target.put("shared", groups.sharedWith(group.id(), SecurityRequests.scope(exchange).projectId()));
        return target;
    }

    private void create(Exchange exchange)
    {
        JsonNode entity = SecurityRequests.entity(exchange, "address_group", CREATE);
        List<String> addresses = entity.has("addresses") ? SecurityRequests.strings(entity, "addresses") : List.of();
        AddressGroup group = groups.create(SecurityRequests.owner(exchange, entity), SecurityRequests.text(entity, "name").orElse(""),
                SecurityRequests.text(entity, "description").orElse(""), addresses);
        exchange.json(201, Map.of("address_group", view(exchange, group)));
    }

    private void list(Exchange exchange)
    {
        ListRequest request = NeutronLists.request(exchange, AddressGroupService.LIST);
        Page<AddressGroup> page = groups.list(request, SecurityRequests.scope(exchange));
        lists.respond(exchange, "address_groups", page.map(group -> view(exchange, group)), request);
    }

    private void show(Exchange exchange)
    {
        AddressGroup group = groups.get(exchange.path("id"), SecurityRequests.scope(exchange));
        exchange.json(200, Map.of("address_group", NeutronLists.projectShow(exchange, view(exchange, group))));
    }

    private void update(Exchange exchange)
    {
        JsonNode entity = SecurityRequests.entity(exchange, "address_group", UPDATE);
        AddressGroup group = groups.update(exchange.path("id"), SecurityRequests.scope(exchange), SecurityRequests.text(entity, "name"),
                SecurityRequests.text(entity, "description"), StandardViews.ifMatch(exchange));
        exchange.json(200, Map.of("address_group", view(exchange, group)));
    }

    private void delete(Exchange exchange)
    {
        groups.delete(exchange.path("id"), SecurityRequests.scope(exchange));
        exchange.noContent();
    }

    private void add(Exchange exchange)
    {
        AddressGroup group = groups.addAddresses(exchange.path("id"), SecurityRequests.scope(exchange), addresses(exchange));
        exchange.json(200, Map.of("address_group", view(exchange, group)));
    }

    private void remove(Exchange exchange)
    {
        AddressGroup group = groups.removeAddresses(exchange.path("id"), SecurityRequests.scope(exchange), addresses(exchange));
        exchange.json(200, Map.of("address_group", view(exchange, group)));
    }

    /** The body {@code {"addresses": [...]}} of add_addresses and remove_addresses. */
    private static List<String> addresses(Exchange exchange)
    {
        JsonNode body = exchange.readJson();
        if (!body.isObject() || !body.has("addresses")) {
            throw SecurityRequests.badRequest("Invalid input: the body must be {\"addresses\": [...]}.");
        }
        return SecurityRequests.strings(body, "addresses");
    }
}
