package io.xloud.identity.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.xloud.core.http.Exchange;
import io.xloud.core.http.Router;
import io.xloud.identity.service.ValidatedToken;

import static io.xloud.identity.api.IdentityApi.V3;

/**
 * /v3/ec2tokens and /v3/s3tokens: a signature made with an EC2 key pair, checked here, buys a token scoped to the
 * key's project. Unauthenticated, as Keystone's (the signature is the authentication); only POST (GET is 405).
 * The body is {@code credentials} (or, for older clients, {@code credential} or {@code ec2Credentials}).
 */
public final class Ec2TokenResource
{
    private final IdentityApi api;
    private final AuthResource tokens;

    public Ec2TokenResource(IdentityApi api)
    {
        this.api = api;
        this.tokens = new AuthResource(api);
    }

    public void routes(Router.Builder r)
    {
        r.publicRoute("POST", V3 + "/ec2tokens", this::ec2);
        r.publicRoute("POST", V3 + "/s3tokens", this::s3);
    }

    private void ec2(Exchange exchange)
    {
        ValidatedToken token = api.ec2Tokens().authenticateEc2(credentials(exchange));
        exchange.header("X-Subject-Token", token.token());
        exchange.json(200, tokens.tokenBody(token, true));
    }

    private void s3(Exchange exchange)
    {
        ValidatedToken token = api.ec2Tokens().authenticateS3(credentials(exchange));
        exchange.json(200, tokens.tokenBody(token, true));
    }

    /** Keystone's lookup: credentials, then credential, then ec2Credentials; an empty body or an empty object is 400. */
    private static JsonNode credentials(Exchange exchange)
    {
        JsonNode body = exchange.readJson();
        if (!body.isObject() || body.isEmpty()) {
            throw IdentityApi.validation("request must include a request body");
        }
        for (String name : new String[] {"credentials", "credential", "ec2Credentials"}) {
            JsonNode value = body.get(name);
            if (value == null || value.isNull() || value.isObject() && value.isEmpty()) {
                continue;
            }
            if (!value.isObject()) {
                throw IdentityApi.validation("Invalid input for field '" + name + "': an object is required.");
            }
            return value;
        }
        return com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
    }
}
