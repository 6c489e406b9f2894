package io.xloud.identity.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.xloud.core.error.ApiException;
import io.xloud.core.http.Exchange;
import io.xloud.core.http.TargetResolver;
import io.xloud.core.json.Json;
import io.xloud.identity.IdentityErrorCode;
import io.xloud.identity.IdentitySettings;
import io.xloud.identity.service.AuthService;
import io.xloud.identity.service.ApplicationCredentialService;
import io.xloud.identity.service.CredentialService;
import io.xloud.identity.service.CatalogService;
import io.xloud.identity.service.GrantService;
import io.xloud.identity.service.RoleService;
import io.xloud.identity.service.GroupService;
import io.xloud.identity.service.User;
import io.xloud.identity.service.UserService;
import io.xloud.identity.service.ProjectService;
import io.xloud.identity.service.DomainService;
import io.xloud.identity.service.DomainConfigService;
import io.xloud.identity.service.PolicyService;
import io.xloud.identity.service.ConsumerService;
import io.xloud.identity.service.EndpointFilterService;
import io.xloud.identity.service.IdentityErrors;
import io.xloud.identity.service.PasswordHasher;
import io.xloud.identity.service.TokenCatalog;
import io.xloud.identity.service.TokenService;
import io.xloud.identity.service.UnifiedLimitService;
import io.xloud.identity.store.IdentityStore;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

import static java.util.Objects.requireNonNull;

/** What every identity resource shares: the store, the token and auth services, and how views are written. */
public final class IdentityApi
{
    public static final String V3 = "/identity/v3";
    private static final DateTimeFormatter TOKEN_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter RESOURCE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS").withZone(ZoneOffset.UTC);

    private final IdentityStore store;
    private final TokenService tokens;
    private final AuthService auth;
    private final PasswordHasher hasher;
    private final IdentitySettings settings;
    private final Supplier<String> publicUrl;
    private final TokenCatalog catalog;
    private final EndpointFilterService endpointFilters;
    private final UnifiedLimitService unifiedLimits;
    private final ApplicationCredentialService applicationCredentials;
    private final CredentialService credentials;
    private final CatalogService catalogs;
    private final GrantService grants;
    private final RoleService roles;
    private final GroupService groups;
    private final UserService users;
    private final ProjectService projects;
    private final DomainService domains;
    private final DomainConfigService domainConfigs;
    private final PolicyService policies;
    private final ConsumerService consumers;

    public IdentityApi(IdentityStore store, TokenService tokens, AuthService auth, PasswordHasher hasher, IdentitySettings settings,
            Supplier<String> publicUrl)
    {
        this.store = requireNonNull(store, "store is null");
        this.tokens = requireNonNull(tokens, "tokens is null");
        this.auth = requireNonNull(auth, "auth is null");
        this.hasher = requireNonNull(hasher, "hasher is null");
        this.settings = requireNonNull(settings, "settings is null");
        this.publicUrl = requireNonNull(publicUrl, "publicUrl is null");
        this.catalog = new TokenCatalog(store);
        this.endpointFilters = new EndpointFilterService(store);
        this.unifiedLimits = new UnifiedLimitService(store);
        this.applicationCredentials = new ApplicationCredentialService(store, tokens);
        this.credentials = new CredentialService(store);
        this.catalogs = new CatalogService(store);
        this.grants = new GrantService(store);
        this.roles = new RoleService(store);
        this.groups = new GroupService(store);
        this.users = new UserService(store, tokens, hasher, settings);
        this.projects = new ProjectService(store, tokens);
        this.domains = new DomainService(store, tokens);
        this.domainConfigs = new DomainConfigService(store);
        this.policies = new PolicyService(store);
        this.consumers = new ConsumerService(store);
    }

    /** The catalog a token scoped to this project (or to none) carries; cached until the next identity write. */
    public ArrayNode catalog(java.util.Optional<String> projectId)
    {
        return catalog.catalog(projectId);
    }

    public EndpointFilterService endpointFilters()
    {
        return endpointFilters;
    }

    public UnifiedLimitService unifiedLimits()
    {
        return unifiedLimits;
    }

    public ConsumerService consumers()
    {
        return consumers;
    }

    public PolicyService policies()
    {
        return policies;
    }

    public DomainConfigService domainConfigs()
    {
        return domainConfigs;
    }

    public DomainService domains()
    {
        return domains;
    }

    public ProjectService projects()
    {
        return projects;
    }

    public UserService users()
    {
        return users;
    }

    /** Policy target of the user named in the path: {@code target.user.id} and {@code target.user.domain_id}. */
    public RoleService roles()
    {
        return roles;
    }

    public GrantService grants()
    {
        return grants;
    }

    public CatalogService catalogs()
    {
        return catalogs;
    }

    public CredentialService credentials()
    {
        return credentials;
    }

    public ApplicationCredentialService applicationCredentials()
    {
        return applicationCredentials;
    }

    public TargetResolver userTarget()
    {
        return exchange -> {
            String id = exchange.path("user_id");
            User user = users.user(id);
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
        return groups;
    }

    public IdentityStore store()
    {
        return store;
    }

    public TokenService tokens()
    {
        return tokens;
    }

    public AuthService auth()
    {
        return auth;
    }

    public PasswordHasher hasher()
    {
        return hasher;
    }

    public IdentitySettings settings()
    {
        return settings;
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
        int limit = settings.listLimit();
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

    /** Copies what a request gave beyond the named attributes: Keystone keeps and returns such "extra" attributes. */
    public static Map<String, Object> extra(JsonNode entity, Set<String> known, Map<String, Object> previous)
    {
        Map<String, Object> extra = new java.util.LinkedHashMap<>(previous);
        Iterator<Map.Entry<String, JsonNode>> fields = entity.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            if (!known.contains(field.getKey())) {
                extra.put(field.getKey(), Json.mapper().convertValue(field.getValue(), Object.class));
            }
        }
        return extra;
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
     * {@code __equals}, {@code __iequals} forms. Booleans match true/false/1/0.
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
            String normalized = wanted.toLowerCase(Locale.ROOT);
            boolean flag = !(normalized.equals("false") || normalized.equals("0") || normalized.equals("no") || normalized.equals("off"));
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
