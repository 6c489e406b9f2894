package io.xloud.identity.api;

import io.xloud.core.http.Exchange;
import io.xloud.core.http.Router;
import io.xloud.identity.service.ValidatedToken;

import java.util.Locale;
import java.util.Optional;

import static io.xloud.identity.api.IdentityApi.V3;

/**
 * Federated login: {@code GET|POST /v3/OS-FEDERATION/identity_providers/{idp}/protocols/{protocol}/auth} answers an
 * unscoped token (201, X-Subject-Token) for the bearer token of an OpenID Connect provider, which is what
 * keystoneauth's v3oidcaccesstoken (and the other v3oidc plugins, once they hold a token) send. Public, as in Keystone.
 * Also Keystone's older {@code /v3/OS-FEDERATION/projects} and {@code /domains}, the same lists as /v3/auth/projects.
 */
public final class FederatedAuthResource
{
    private final IdentityApi api;
    private final AuthResource auth;

    public FederatedAuthResource(IdentityApi api, AuthResource auth)
    {
        this.api = api;
        this.auth = auth;
    }

    public void routes(Router.Builder r)
    {
        String path = IdentityProviderResource.PROVIDERS + "/{idp_id}/protocols/{protocol_id}/auth";
        r.publicRoute("GET", path, this::authenticate);
        r.publicRoute("POST", path, this::authenticate);
        r.route("GET", V3 + "/OS-FEDERATION/projects", "identity:get_auth_projects", auth::projects);
        r.route("GET", V3 + "/OS-FEDERATION/domains", "identity:get_auth_domains", auth::domains);
    }

    private void authenticate(Exchange exchange)
    {
        String idpId = IdentityProviderResource.pathId(exchange, "idp_id");
        String protocolId = IdentityProviderResource.pathId(exchange, "protocol_id");
        ValidatedToken token = api.federatedAuth().authenticate(idpId, protocolId, bearer(exchange));
        exchange.header("X-Subject-Token", token.token());
        exchange.json(201, auth.tokenBody(token, !exchange.queryFlag("nocatalog")));
    }

    private static Optional<String> bearer(Exchange exchange)
    {
        return exchange.header("Authorization")
                .map(String::strip)
                .filter(value -> value.length() > 7 && value.substring(0, 7).toLowerCase(Locale.ROOT).equals("bearer "))
                .map(value -> value.substring(7).strip())
                .filter(value -> !value.isEmpty());
    }
}
