package io.xloud.identity.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.xloud.core.auth.AuthContext;
import io.xloud.core.error.ApiException;
import io.xloud.core.http.Exchange;
import io.xloud.core.http.Router;
import io.xloud.core.json.Json;
import io.xloud.core.json.JsonSchemas;
import io.xloud.core.json.RequestSchema;
import io.xloud.identity.IdentityErrorCode;
import io.xloud.identity.service.Project;
import io.xloud.identity.service.Role;
import io.xloud.identity.service.ServiceProvider;
import io.xloud.identity.service.TokenPayload;
import io.xloud.identity.service.ValidatedToken;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.xloud.identity.api.IdentityApi.V3;

/** /v3/auth: issue, validate, check and revoke tokens; the catalog and the scopes a token may take. */
public final class AuthResource
{
    private static final RequestSchema AUTH_SCHEMA = JsonSchemas.of("""
            {"type": "object", "required": ["auth"], "properties": {
              "auth": {"type": "object", "required": ["identity"], "properties": {
                "identity": {"type": "object", "required": ["methods"], "properties": {
                  "methods": {"type": "array", "items": {"type": "string"}, "minItems": 1},
                  "password": {"type": "object", "properties": {"user": {"type": "object", "properties": {
                    "id": {"type": "string"}, "name": {"type": "string"}, "password": {"type": "string"},
                    "domain": {"type": "object", "properties": {"id": {"type": "string"}, "name": {"type": "string"}}}}}}},
                  "token": {"type": "object", "required": ["id"], "properties": {"id": {"type": "string"}}},
                  "application_credential": {"type": "object", "properties": {
                    "id": {"type": "string"}, "name": {"type": "string"}, "secret": {"type": "string"},
                    "user": {"type": "object"}}}}},
                "scope": {"anyOf": [{"type": "string", "enum": ["unscoped"]}, {"type": "object", "properties": {
                  "project": {"type": "object", "properties": {"id": {"type": "string"}, "name": {"type": "string"},
                    "domain": {"type": "object", "properties": {"id": {"type": "string"}, "name": {"type": "string"}}}}},
                  "domain": {"type": "object", "properties": {"id": {"type": "string"}, "name": {"type": "string"}}},
                  "OS-TRUST:trust": {"type": "object", "properties": {"id": {"type": "string"}}},
                  "system": {"type": "object", "properties": {"all": {"type": "boolean"}}}}}]}}}}}
            """);
    private static final List<String> SCOPES = List.of("project", "domain", "OS-TRUST:trust", "system");

    private final IdentityApi api;

    public AuthResource(IdentityApi api)
    {
        this.api = api;
    }

    public void routes(Router.Builder r)
    {
        r.publicRoute("POST", V3 + "/auth/tokens", this::issue);
        r.route("GET", V3 + "/auth/tokens", "identity:validate_token", this::subjectTarget, this::validate);
        r.route("HEAD", V3 + "/auth/tokens", "identity:check_token", this::subjectTarget, this::check);
        r.route("DELETE", V3 + "/auth/tokens", "identity:revoke_token", this::subjectTarget, this::revoke);
        r.route("GET", V3 + "/auth/catalog", "identity:get_auth_catalog", this::catalog);
        r.route("GET", V3 + "/auth/projects", "identity:get_auth_projects", this::projects);
        r.route("GET", V3 + "/auth/domains", "identity:get_auth_domains", this::domains);
        r.route("GET", V3 + "/auth/system", "identity:get_auth_system", this::system);
    }

    private void issue(Exchange exchange)
    {
        JsonNode body = exchange.readJson(AUTH_SCHEMA);
        JsonNode scope = body.path("auth").path("scope");
        if (SCOPES.stream().filter(scope::has).count() > 1) {
            // Keystone's AuthInfo takes exactly one scope target
            throw IdentityApi.validation("Expecting to find only one of project, domain, OS-TRUST:trust or system in scope.");
        }
        ValidatedToken token = api.auth().authenticate(body.path("auth"), false);
        exchange.header("X-Subject-Token", token.token());
        exchange.json(201, tokenBody(token, !exchange.queryFlag("nocatalog")));
    }

    private Map<String, Object> subjectTarget(Exchange exchange)
    {
        ValidatedToken subject = subject(exchange);
        Map<String, Object> target = new HashMap<>();
        target.put("target.token.user_id", subject.user().id());
        target.put("token.user_id", subject.user().id());
        return target;
    }

    /** The X-Subject-Token, validated once per request: by the policy target, then reused by the handler. */
    private ValidatedToken subject(Exchange exchange)
    {
        Optional<ValidatedToken> validated = exchange.attachment(ValidatedToken.class);
        if (validated.isPresent()) {
            return validated.get();
        }
        ValidatedToken token = validateSubject(exchange);
        exchange.attach(ValidatedToken.class, token);
        return token;
    }

    private ValidatedToken validateSubject(Exchange exchange)
    {
        String id = exchange.header("X-Subject-Token").orElseThrow(() -> new ApiException(IdentityErrorCode.NOT_FOUND,
                "Could not find token: the X-Subject-Token header is missing."));
        boolean allowExpired = exchange.queryFlag("allow_expired");
        return api.tokens().validate(id.strip(), allowExpired)
                .orElseThrow(() -> new ApiException(IdentityErrorCode.NOT_FOUND, "Could not find token: " + abbreviate(id) + "."));
    }

    private static String abbreviate(String token)
    {
        return token.length() > 12 ? token.substring(0, 12) + "..." : token;
    }

    private void validate(Exchange exchange)
    {
        ValidatedToken token = subject(exchange);
        exchange.header("X-Subject-Token", token.token());
        boolean withCatalog = !exchange.queryFlag("nocatalog");
        // a cached token is revalidated on every call, but rendered once: its body changes only with an identity write
        byte[] body = token.memo().body(withCatalog).orElse(null);
        if (body == null) {
            body = Json.bytes(tokenBody(token, withCatalog));
            token.memo().body(withCatalog, body);
        }
        exchange.respond(200, "application/json", body);
    }

    private void check(Exchange exchange)
    {
        ValidatedToken token = subject(exchange);
        exchange.header("X-Subject-Token", token.token());
        exchange.json(200, Map.of());
    }

    private void revoke(Exchange exchange)
    {
        ValidatedToken token = subject(exchange);
        api.tokens().revoke(token);
        exchange.noContent();
    }

    private void catalog(Exchange exchange)
    {
        AuthContext auth = exchange.auth();
        if (auth.projectId().isEmpty() && auth.domainId().isEmpty() && !auth.systemScope()) {
            throw ApiException.forbidden("The catalog is only available to scoped tokens.");
        }
        ObjectNode body = Json.object();
        body.set("catalog", api.catalog(auth.projectId()));
        body.set("links", api.links("/auth/catalog"));
        exchange.json(200, body);
    }

    /** The groups a federated caller's token carries: they count besides the user's own, as in Keystone. */
    private List<String> tokenGroups(Exchange exchange)
    {
        return api.tokens().validate(exchange.auth().token(), false)
                .flatMap(token -> token.payload().federation())
                .map(TokenPayload.Federation::groupIds)
                .orElse(List.of());
    }

    void projects(Exchange exchange)
    {
        String userId = exchange.auth().userId();
        List<ObjectNode> views = api.projects().scopableProjects(userId, tokenGroups(exchange)).stream().map(project -> IdentityViews.project(api, project)).toList();
        exchange.json(200, api.list(exchange, "projects", views));
    }

    void domains(Exchange exchange)
    {
        String userId = exchange.auth().userId();
        List<ObjectNode> views = api.domains().scopableDomains(userId, tokenGroups(exchange)).stream().map(domain -> IdentityViews.domain(api, domain)).toList();
        exchange.json(200, api.list(exchange, "domains", views));
    }

    private void system(Exchange exchange)
    {
        String userId = exchange.auth().userId();
        boolean hasSystem = api.grants().hasSystemRoles(userId);
        ObjectNode body = Json.object();
        ArrayNode system = body.putArray("system");
        if (hasSystem) {
            system.addObject().put("all", true);
        }
        body.set("links", api.links("/auth/system"));
        exchange.json(200, body);
    }

    /** Keystone's token body. */
    public ObjectNode tokenBody(ValidatedToken token, boolean withCatalog)
    {
        TokenPayload payload = token.payload();
        ObjectNode body = Json.object();
        ObjectNode view = body.putObject("token");
        ArrayNode methods = view.putArray("methods");
        payload.methods().forEach(methods::add);
        ObjectNode user = view.putObject("user");
        user.put("id", token.user().id());
        user.put("name", token.user().name());
        ObjectNode userDomain = user.putObject("domain");
        userDomain.put("id", token.userDomain().id());
        userDomain.put("name", token.userDomain().name());
        user.put("password_expires_at", token.user().passwordExpiresAt().map(IdentityApi::resourceTime).orElse(null));
        payload.federation().ifPresent(federation -> {
            ObjectNode origin = user.putObject("OS-FEDERATION");
            ArrayNode groups = origin.putArray("groups");
            federation.groupIds().forEach(id -> groups.addObject().put("id", id));
            origin.putObject("identity_provider").put("id", federation.identityProviderId());
            origin.putObject("protocol").put("id", federation.protocolId());
        });
        ArrayNode audits = view.putArray("audit_ids");
        payload.auditIds().forEach(audits::add);
        view.put("expires_at", IdentityApi.tokenTime(payload.expiresAtMillis()));
        view.put("issued_at", IdentityApi.tokenTime(payload.issuedAtMillis()));
        Optional<String> catalogProject = Optional.empty();
        if (token.project().isPresent()) {
            Project project = token.project().get();
            ObjectNode projectView = view.putObject("project");
            projectView.put("id", project.id());
            projectView.put("name", project.name());
            ObjectNode domain = projectView.putObject("domain");
            domain.put("id", token.projectDomain().orElseThrow().id());
            domain.put("name", token.projectDomain().orElseThrow().name());
            view.put("is_domain", false);
            catalogProject = Optional.of(project.id());
        }
        token.domain().ifPresent(domain -> {
            ObjectNode domainView = view.putObject("domain");
            domainView.put("id", domain.id());
            domainView.put("name", domain.name());
        });
        if (token.systemScoped()) {
            view.putObject("system").put("all", true);
        }
        if (payload.scope() != TokenPayload.Scope.UNSCOPED) {
            ArrayNode roles = view.putArray("roles");
            for (Role role : token.roles()) {
                ObjectNode roleView = roles.addObject();
                roleView.put("id", role.id());
                roleView.put("name", role.name());
            }
            if (withCatalog) {
                Optional<String> project = catalogProject;
                view.set("catalog", api.catalog(project));
            }
        }
        token.applicationCredential().ifPresent(credential -> {
            ObjectNode credentialView = view.putObject("application_credential");
            credentialView.put("id", credential.id());
            credentialView.put("name", credential.name());
            credentialView.put("restricted", !credential.unrestricted());
            if (!credential.accessRules().isEmpty()) {
                credentialView.set("access_rules", Json.mapper().valueToTree(credential.accessRules()));
            }
        });
        // Keystone lists the enabled service providers a token may be taken to (Keystone to Keystone)
        List<ServiceProvider> serviceProviders = api.federation().enabledServiceProviders();
        if (!serviceProviders.isEmpty()) {
            ArrayNode providers = view.putArray("service_providers");
            for (ServiceProvider sp : serviceProviders) {
                providers.addObject().put("auth_url", sp.authUrl()).put("id", sp.id()).put("sp_url", sp.spUrl());
            }
        }
        token.trust().ifPresent(trust -> {
            ObjectNode trustView = view.putObject("OS-TRUST:trust");
            trustView.put("id", trust.id());
            trustView.put("impersonation", trust.impersonation());
            trustView.putObject("trustee_user").put("id", trust.trusteeUserId());
            trustView.putObject("trustor_user").put("id", trust.trustorUserId());
        });
        return body;
    }
}
