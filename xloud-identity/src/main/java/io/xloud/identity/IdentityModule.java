package io.xloud.identity;

import io.xloud.core.auth.AuthContext;
import io.xloud.core.error.ApiException;
import io.xloud.core.error.ErrorDialect;
import io.xloud.core.error.JsonErrorDialect;
import io.xloud.core.http.Exchange;
import io.xloud.core.http.Router;
import io.xloud.core.http.ServiceModule;
import io.xloud.identity.api.AccessRuleResource;
import io.xloud.identity.api.ApplicationCredentialResource;
import io.xloud.identity.api.AuthResource;
import io.xloud.identity.api.CatalogResource;
import io.xloud.identity.api.ConsumerResource;
import io.xloud.identity.api.CredentialResource;
import io.xloud.identity.api.DomainConfigResource;
import io.xloud.identity.api.DomainResource;
import io.xloud.identity.api.Ec2CredentialResource;
import io.xloud.identity.api.Ec2TokenResource;
import io.xloud.identity.api.EndpointFilterResource;
import io.xloud.identity.api.GrantResource;
import io.xloud.identity.api.FederatedAuthResource;
import io.xloud.identity.api.GroupResource;
import io.xloud.identity.api.IdentityProviderResource;
import io.xloud.identity.api.MappingResource;
import io.xloud.identity.api.ServiceProviderResource;
import io.xloud.identity.api.IdentityApi;
import io.xloud.identity.api.IdentityPolicies;
import io.xloud.identity.api.PolicyResource;
import io.xloud.identity.api.ProjectResource;
import io.xloud.identity.api.RoleResource;
import io.xloud.identity.api.TrustResource;
import io.xloud.identity.api.UnifiedLimitResource;
import io.xloud.identity.api.UserResource;
import io.xloud.identity.api.VersionResource;
import io.xloud.identity.service.Ec2TokenService;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/** Keystone v3 under /identity. */
public final class IdentityModule
        implements ServiceModule
{
    private final IdentityApi api;

    public IdentityModule(IdentityApi api)
    {
        this.api = requireNonNull(api, "api is null");
    }

    @Override
    public String name()
    {
        return "identity";
    }

    @Override
    public String pathPrefix()
    {
        return "/identity";
    }

    @Override
    public ErrorDialect errorDialect()
    {
        return new JsonErrorDialect();
    }

    /**
     * Keystone's auth context refuses a token bought with an EC2 or S3 signature (method ec2credential, LP#2153453):
     * such a token serves the services that take those signatures, never the Identity API itself (403). Without a
     * token the kernel answers 401 as for any service.
     */
    @Override
    public Optional<AuthContext> authenticate(Exchange exchange)
    {
        Optional<String> token = exchange.header("X-Auth-Token").map(String::strip).filter(value -> !value.isEmpty());
        if (token.isEmpty()) {
            return Optional.empty();
        }
        AuthContext auth = api.tokens().validate(token.get());
        if (auth.methods().contains(Ec2TokenService.METHOD)) {
            throw ApiException.forbidden("A token created from an EC2 credential cannot be used with the Identity API.");
        }
        return Optional.of(auth);
    }

    /**
     * Keystone's JSON body enforcement, before routing: a request that carries a body must declare it JSON
     * ({@code application/json} or {@code application/*+json}), or declare no type at all.
     */
    @Override
    public void prepare(Exchange exchange)
    {
        boolean hasBody = exchange.header("Transfer-Encoding").isPresent()
                || exchange.header("Content-Length").map(length -> !length.strip().equals("0")).orElse(false);
        if (!hasBody) {
            return;
        }
        String type = exchange.header("Content-Type").orElse("").strip();
        if (type.isEmpty()) {
            return;
        }
        String mime = type.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
        if (!(mime.equals("application/json") || mime.startsWith("application/") && mime.endsWith("+json"))) {
            throw new ApiException(IdentityErrorCode.VALIDATION_ERROR, "Expecting to find application/json in Content-Type header - the server "
                    + "could not comply with the request since it is either malformed or otherwise incorrect. The client is assumed to be in error.");
        }
    }

    @Override
    public void routes(Router.Builder routes)
    {
        new VersionResource(api).routes(routes);
        AuthResource auth = new AuthResource(api);
        auth.routes(routes);
        new FederatedAuthResource(api, auth).routes(routes);
        new DomainResource(api).routes(routes);
        new ProjectResource(api).routes(routes);
        new UserResource(api).routes(routes);
        new GroupResource(api).routes(routes);
        new RoleResource(api).routes(routes);
        new GrantResource(api).routes(routes);
        new CatalogResource(api).routes(routes);
        new CredentialResource(api).routes(routes);
        new Ec2CredentialResource(api).routes(routes);
        new Ec2TokenResource(api).routes(routes);
        new ApplicationCredentialResource(api).routes(routes);
        new AccessRuleResource(api).routes(routes);
        new TrustResource(api).routes(routes);
        new EndpointFilterResource(api).routes(routes);
        new PolicyResource(api).routes(routes);
        new ConsumerResource(api).routes(routes);
        new DomainConfigResource(api).routes(routes);
        new UnifiedLimitResource(api).routes(routes);
        new IdentityProviderResource(api).routes(routes);
        new MappingResource(api).routes(routes);
        new ServiceProviderResource(api).routes(routes);
    }

    @Override
    public Map<String, String> policyDefaults()
    {
        return IdentityPolicies.defaults();
    }
}
