package io.xloud.testing.identity;

import io.xloud.core.http.Route;
import io.xloud.testing.TestServer;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** Every route is guarded by a known policy rule, or is on the short list of routes that must stay public. */
class RoutePolicyTest
{
    private static final Set<String> PUBLIC = Set.of(
            "GET /healthz", "GET /metrics", "GET /", "GET /identity", "GET /identity/v3",
            "POST /identity/v3/auth/tokens",
            // the signature in the body is the authentication, as in Keystone (unenforced)
            "POST /identity/v3/ec2tokens", "POST /identity/v3/s3tokens",
            "POST /identity/v3/users/{user_id}/password",
            // federated login: the identity provider's token is the authentication
            "GET /identity/v3/OS-FEDERATION/identity_providers/{idp_id}/protocols/{protocol_id}/auth",
            "POST /identity/v3/OS-FEDERATION/identity_providers/{idp_id}/protocols/{protocol_id}/auth",
            "GET /image", "GET /image/versions", "GET /image/v2", "GET /networking", "GET /networking/v2.0",
            // browsers send CORS preflights without credentials
            "OPTIONS /s3/{bucket}", "OPTIONS /s3/{bucket}/{key+}");

    @Test
    void everyRouteHasAPolicyRule()
    {
        try (TestServer server = TestServer.start()) {
            List<Route> routes = server.platform().kernel().routes();
            assertThat(routes).hasSizeGreaterThan(100);
            for (Route route : routes) {
                String name = route.method() + " " + route.template();
                if (route.isPublic()) {
                    assertThat(PUBLIC).as("public route " + name).contains(name);
                }
                else {
                    Set<String> rules = server.platform().kernel().policyOf(route.service()).ruleNames();
                    assertThat(rules).as("policy rule of " + name).contains(route.policy().orElseThrow());
                }
            }
        }
    }
}
