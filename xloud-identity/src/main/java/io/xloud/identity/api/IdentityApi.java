package io.xloud.identity.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.xloud.core.collection.ListDialect;
import io.xloud.core.collection.ListRequest;
import io.xloud.core.collection.Page;
import io.xloud.core.error.ApiException;
import io.xloud.core.http.Exchange;
import io.xloud.core.http.TargetResolver;
import io.xloud.core.json.Json;
import io.xloud.identity.IdentityErrorCode;
import io.xloud.identity.IdentitySettings;
import io.xloud.identity.service.ApplicationCredentialService;
import io.xloud.identity.service.AuthService;
import io.xloud.identity.service.CatalogService;
import io.xloud.identity.service.ConsumerService;
import io.xloud.identity.service.CredentialService;
import io.xloud.identity.service.DomainConfigService;
import io.xloud.identity.service.DomainService;
import io.xloud.identity.service.EndpointFilterService;
import io.xloud.identity.service.FederatedAuthService;
import io.xloud.identity.service.FederationService;
import io.xloud.identity.service.GrantService;
import io.xloud.identity.service.GroupService;
import io.xloud.identity.service.IdentityErrors;
import io.xloud.identity.service.IdentityServices;
import io.xloud.identity.service.PasswordHasher;
import io.xloud.identity.service.PolicyService;
import io.xloud.identity.service.ProjectService;
import io.xloud.identity.service.Ec2TokenService;
import io.xloud.identity.service.RoleService;
import io.xloud.identity.service.TokenService;
import io.xloud.identity.service.TrustService;
import io.xloud.identity.service.UnifiedLimitService;
import io.xloud.identity.service.User;
import io.xloud.identity.service.UserService;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

import static java.util.Objects.requireNonNull;

/** What every identity resource shares: Identity's services, and how views are written. */
public final class IdentityApi
{
    public static final String V3 = "/identity/v3";
    private static final DateTimeFormatter TOKEN_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter RESOURCE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS").withZone(ZoneOffset.UTC);

    private final IdentityServices services;
    private final Supplier<String> publicUrl;

    public IdentityApi(IdentityServices services, Supplier<String> publicUrl)
    {
        this.services = requireNonNull(services, "services is null");
        this.publicUrl = requireNonNull(publicUrl, "publicUrl is null");
    }

    /** The catalog a token scoped to this project (or to none) carries; cached until the next identity write. */
    public ArrayNode catalog(java.util.Optional<String> projectId)
    {
        return services.catalog().catalog(projectId);
    }

    public EndpointFilterService endpointFilters()
    {
        return services.endpointFilters();
    }

    public UnifiedLimitService unifiedLimits()
    {
        return services.unifiedLimits();
    }

    public ConsumerService consumers()
    {
        return services.consumers();
    }

    public PolicyService policies()
    {
        return services.policies();
    }

    public DomainConfigService domainConfigs()
    {
        return services.domainConfigs();
    }

    public DomainService domains()
    {
        return services.domains();
    }

    public ProjectService projects()
    {
        return services.projects();
    }

    public UserService users()
    {
        return services.users();
    }

    /** Policy target of the user named in the path: {@code target.user.id} and {@code target.user.domain_id}. */
    public RoleService roles()
    {
        return services.roles();
    }

    public GrantService grants()
    {
        return services.grants();
    }

    public CatalogService catalogs()
    {
        return services.catalogs();
    }

    public Ec2TokenService ec2Tokens()
    {
        return services.ec2Tokens();
    }

    public CredentialService credentials()
    {
        return services.credentials();
    }

    public ApplicationCredentialService applicationCredentials()
    {
        return services.applicationCredentials();
    }

    public TrustService trusts()
    {
        return services.trusts();
    }

    public FederationService federation()
    {
        return services.federation();
    }

    public FederatedAuthService federatedAuth()
    {
        return services.federatedAuth();
    }

    public TargetResolver userTarget()
    {
        return exchange -> {
            String id = exchange.path("user_id");
            User user = services.users().user(id);
            Map<String, Object> target = new HashMap<>();
            target.put("target.user.id", user.id());
            target.put("target.user.domain_id", user.domainId());
            target.put("user_id", user.id());
            target.put("domain_id", user.domainId());
            return target;
        };
    }

    public GroupService groups()
    {
        return services.groups();
    }

    public TokenService tokens()
    {
        return services.tokens();
    }

    public AuthService auth()
    {
        return services.auth();
    }

    public PasswordHasher hasher()
    {
        return services.hasher();
    }

    public IdentitySettings settings()
    {
        return services.settings();
    }

    public String publicUrl()
    {
        return publicUrl.get();
    }

    /** Absolute URL of a path under /identity/v3. */
    public String url(String path)
    {
        return publicUrl.get() + V3 + path;
    }

    public ObjectNode links(String path)
    {
        ObjectNode links = Json.object();
        links.put("self", url(path));
        return links;
    }

    /** {@code {"<collection>": [...], "links": {...}}}, cut at the list limit with {@code truncated: true} as Keystone does. */
    public ObjectNode list(Exchange exchange, String collection, List<? extends JsonNode> items)
    {
        ObjectNode body = Json.object();
        ArrayNode array = body.putArray(collection);
        int limit = services.settings().listLimit();
        List<? extends JsonNode> shown = limit > 0 && items.size() > limit ? items.subList(0, limit) : items;
        array.addAll(shown);
        ObjectNode links = body.putObject("links");
        String query = exchange.queryParameters().isEmpty() ? "" : "?" + rawQuery(exchange);
        links.put("self", publicUrl.get() + exchange.rawPath() + query);
        links.putNull("previous");
        links.putNull("next");
        if (shown.size() < items.size()) {
            body.put("truncated", true);
        }
        return body;
    }

    /** A page of a list in Keystone's shape: the views, {@code links}, and {@code truncated: true} when list_limit cut it. */
    public ObjectNode page(Exchange exchange, String collection, ListRequest request, Page<? extends JsonNode> page)
    {
        ObjectNode body = Json.object();
        body.putArray(collection).addAll(page.items());
        body.setAll((ObjectNode) Json.mapper().valueToTree(ListDialect.KEYSTONE.links(collection, page, request, publicUrl.get() + exchange.rawPath())));
        return body;
    }

    private static String rawQuery(Exchange exchange)
    {
        List<String> parts = new ArrayList<>();
        exchange.queryParameters().forEach((name, values) -> values.forEach(value -> parts.add(name + "=" + value)));
        return String.join("&", parts);
    }

    public static String tokenTime(long millis)
    {
        return TOKEN_TIME.format(Instant.ofEpochMilli(millis));
    }

    public static String resourceTime(long millis)
    {
        return RESOURCE_TIME.format(Instant.ofEpochMilli(millis));
    }

    /** Parses Keystone's accepted timestamp forms (ISO 8601 with or without zone, fraction optional). */
    public static long parseTime(String text, String field)
    {
        String value = text.strip();
        try {
            if (value.endsWith("Z") || value.matches(".*[+-]\\d\\d:\\d\\d$")) {
                return java.time.OffsetDateTime.parse(value).toInstant().toEpochMilli();
            }
            return java.time.LocalDateTime.parse(value).toInstant(ZoneOffset.UTC).toEpochMilli();
        }
        catch (RuntimeException e) {
            throw new ApiException(IdentityErrorCode.VALIDATION_ERROR, "Invalid input for field '" + field + "': '" + text + "' is not a timestamp.");
        }
    }

    public static ApiException notFound(String kind, String id)
    {
        return IdentityErrors.notFound(kind, id);
    }

    /**
     * Copies what a request gave beyond the named attributes: Keystone keeps and returns such "extra" attributes. A
     * JSON null clears one (openstacksdk sends null for every optional attribute it was not given).
     */
    public static Map<String, Object> extra(JsonNode entity, Set<String> known, Map<String, Object> previous)
    {
        Map<String, Object> extra = new java.util.LinkedHashMap<>(previous);
        Iterator<Map.Entry<String, JsonNode>> fields = entity.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            if (known.contains(field.getKey())) {
                continue;
            }
            if (field.getValue().isNull()) {
                extra.remove(field.getKey());
            }
            else {
                extra.put(field.getKey(), Json.mapper().convertValue(field.getValue(), Object.class));
            }
        }
        return extra;
    }

    /** Keystone's {@code _require_matching_id}: an update body may repeat the id in its path, never name another. */
    public static void requireMatchingId(JsonNode entity, String id)
    {
        if (entity.hasNonNull("id") && !(entity.path("id").isTextual() && entity.path("id").asText().equals(id))) {
            throw validation("Cannot change ID");
        }
    }

    /** Refuses an update that names an attribute with a value (null included) other than the one stored. */
    public static void requireUnchanged(JsonNode entity, String field, Optional<String> current, String message)
    {
        if (!entity.has(field)) {
            return;
        }
        JsonNode value = entity.get(field);
        Optional<String> given = value.isNull() ? Optional.empty() : Optional.of(value.isTextual() ? value.asText() : value.toString());
        if (!given.equals(current)) {
            throw validation(message);
        }
    }

    public static void putExtra(ObjectNode view, Map<String, Object> extra)
    {
        extra.forEach((key, value) -> {
            if (!view.has(key)) {
                view.set(key, Json.mapper().valueToTree(value));
            }
        });
    }

    /**
     * Keystone's list filters on the attributes of each view: exact match, and the {@code __contains},
     * {@code __icontains}, {@code __startswith}, {@code __istartswith}, {@code __endswith}, {@code __iendswith},
     * {@code __equals}, {@code __iequals} forms. Booleans read as Keystone's attr_as_boolean reads them.
     */
    public static List<ObjectNode> filter(Exchange exchange, List<ObjectNode> views, Set<String> filterable)
    {
        List<ObjectNode> result = new ArrayList<>(views);
        for (Map.Entry<String, List<String>> parameter : exchange.queryParameters().entrySet()) {
            String key = parameter.getKey();
            String attribute = key.contains("__") ? key.substring(0, key.indexOf("__")) : key;
            String operator = key.contains("__") ? key.substring(key.indexOf("__") + 2) : "equals";
            if (!filterable.contains(attribute) || parameter.getValue().isEmpty()) {
                continue;
            }
            String wanted = parameter.getValue().getFirst();
            result.removeIf(view -> !matches(view.get(attribute), operator, wanted));
        }
        return result;
    }

    private static boolean matches(JsonNode value, String operator, String wanted)
    {
        if (value == null || value.isNull()) {
            return false;
        }
        if (value.isBoolean()) {
            boolean flag = attrAsBoolean(wanted);
            return value.asBoolean() == flag;
        }
        String text = value.asText();
        return switch (operator) {
            case "equals" -> text.equals(wanted);
            case "iequals" -> text.equalsIgnoreCase(wanted);
            case "contains" -> text.contains(wanted);
            case "icontains" -> text.toLowerCase(Locale.ROOT).contains(wanted.toLowerCase(Locale.ROOT));
            case "startswith" -> text.startsWith(wanted);
            case "istartswith" -> text.toLowerCase(Locale.ROOT).startsWith(wanted.toLowerCase(Locale.ROOT));
            case "endswith" -> text.endsWith(wanted);
            case "iendswith" -> text.toLowerCase(Locale.ROOT).endsWith(wanted.toLowerCase(Locale.ROOT));
            default -> true;
        };
    }

    /** Keystone's attr_as_boolean for filter values: oslo's false words are false, anything else (even garbage or nothing) is true. */
    public static boolean attrAsBoolean(String value)
    {
        return !Set.of("false", "0", "no", "off", "f", "n").contains(value.strip().toLowerCase(Locale.ROOT));
    }

    public static String text(JsonNode node, String field, String fallback)
    {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? fallback : value.asText();
    }

    public static ApiException validation(String message)
    {
        return IdentityErrors.validation(message);
    }
}
