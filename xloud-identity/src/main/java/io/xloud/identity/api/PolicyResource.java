package io.xloud.identity.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import io.xloud.core.http.Exchange;
import io.xloud.core.http.Router;
import io.xloud.core.json.Json;
import io.xloud.core.json.JsonSchemas;
import io.xloud.identity.store.IdentityStore;
import io.xloud.identity.service.Ids;
import org.jdbi.v3.core.Handle;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import static io.xloud.identity.api.IdentityApi.V3;

/**
 * /v3/policies: opaque policy documents (a blob and its MIME type) that Keystone stores for other services.
 * Deprecated in Keystone since Queens but still served; nothing here interprets the blob.
 */
public final class PolicyResource
{
    private static final String PROPERTIES = """
            "blob": {"type": "string"},
            "type": {"type": "string", "maxLength": 255}
            """;
    private static final JsonSchema CREATE = JsonSchemas.compile("""
            {"type": "object", "required": ["policy"], "properties": {"policy": {"type": "object", "required": ["blob", "type"],
              "properties": {%s}}}}
            """.formatted(PROPERTIES));
    private static final JsonSchema UPDATE = JsonSchemas.compile("""
            {"type": "object", "required": ["policy"], "properties": {"policy": {"type": "object", "minProperties": 1,
              "properties": {%s}}}}
            """.formatted(PROPERTIES));
    private static final Set<String> KNOWN = Set.of("id", "blob", "type", "links");

    private record Policy(String id, String type, String blob, Map<String, Object> extra) {}

    private final IdentityApi api;

    public PolicyResource(IdentityApi api)
    {
        this.api = api;
    }

    public void routes(Router.Builder r)
    {
        r.route("POST", V3 + "/policies", "identity:create_policy", this::create);
        r.route("GET", V3 + "/policies", "identity:list_policies", this::list);
        r.route("GET", V3 + "/policies/{policy_id}", "identity:get_policy", this::get);
        r.route("PATCH", V3 + "/policies/{policy_id}", "identity:update_policy", this::update);
        r.route("DELETE", V3 + "/policies/{policy_id}", "identity:delete_policy", this::delete);
    }

    private ObjectNode view(Policy policy)
    {
        ObjectNode view = Json.object();
        view.put("id", policy.id());
        view.put("type", policy.type());
        view.put("blob", policy.blob());
        view.set("links", api.links("/policies/" + policy.id()));
        IdentityApi.putExtra(view, policy.extra());
        return view;
    }

    private static Policy policy(java.sql.ResultSet rs)
            throws java.sql.SQLException
    {
        return new Policy(rs.getString("id"), rs.getString("type"), rs.getString("blob"), IdentityStore.jsonMap(rs.getString("extra")));
    }

    private static Optional<Policy> find(Handle h, String id)
    {
        return h.createQuery("SELECT * FROM policies WHERE id = :id").bind("id", id).map((rs, ctx) -> policy(rs)).findOne();
    }

    private static Policy policy(Handle h, String id)
    {
        return find(h, id).orElseThrow(() -> IdentityApi.notFound("policy", id));
    }

    private static Map<String, Object> extra(JsonNode entity, Map<String, Object> previous)
    {
        Map<String, Object> extra = new LinkedHashMap<>(IdentityApi.extra(entity, KNOWN, previous));
        extra.values().removeIf(Objects::isNull);
        return extra;
    }

    private static void save(Handle h, Policy policy, boolean insert)
    {
        String sql = insert ? "INSERT INTO policies (id, type, blob, extra) VALUES (:id, :type, :blob, :extra)"
                : "UPDATE policies SET type = :type, blob = :blob, extra = :extra WHERE id = :id";
        h.createUpdate(sql).bind("id", policy.id()).bind("type", policy.type()).bind("blob", policy.blob())
                .bind("extra", IdentityStore.json(policy.extra())).execute();
    }

    private void create(Exchange exchange)
    {
        JsonNode entity = exchange.readJson(CREATE).path("policy");
        Policy policy = new Policy(Ids.newId(), entity.path("type").asText(), entity.path("blob").asText(), extra(entity, Map.of()));
        api.store().writeVoid(h -> save(h, policy, true));
        exchange.json(201, Map.of("policy", view(policy)));
    }

    private void list(Exchange exchange)
    {
        List<ObjectNode> views = api.store().read(h -> h.createQuery("SELECT * FROM policies ORDER BY type, id")
                .map((rs, ctx) -> policy(rs)).list()).stream().map(this::view).toList();
        exchange.json(200, api.list(exchange, "policies", IdentityApi.filter(exchange, views, Set.of("type"))));
    }

    private void get(Exchange exchange)
    {
        exchange.json(200, Map.of("policy", view(api.store().read(h -> policy(h, exchange.path("policy_id"))))));
    }

    private void update(Exchange exchange)
    {
        JsonNode entity = exchange.readJson(UPDATE).path("policy");
        String id = exchange.path("policy_id");
        Policy updated = api.store().write(h -> {
            Policy current = policy(h, id);
            Policy next = new Policy(id, IdentityApi.text(entity, "type", current.type()), IdentityApi.text(entity, "blob", current.blob()),
                    extra(entity, current.extra()));
            save(h, next, false);
            return next;
        });
        exchange.json(200, Map.of("policy", view(updated)));
    }

    private void delete(Exchange exchange)
    {
        String id = exchange.path("policy_id");
        api.store().writeVoid(h -> {
            policy(h, id);
            h.createUpdate("DELETE FROM policies WHERE id = :id").bind("id", id).execute();
        });
        exchange.noContent();
    }
}
