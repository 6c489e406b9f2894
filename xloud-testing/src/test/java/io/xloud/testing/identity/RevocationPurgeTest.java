package io.xloud.testing.identity;

import io.xloud.identity.IdentityXloudModule;
import io.xloud.identity.service.TokenService;
import io.xloud.testing.Http;
import io.xloud.testing.TestServer;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Revocation events are kept while a token they cover could validate, and deleted by a periodic pass after that. */
class RevocationPurgeTest
{
    @Test
    void aRevocationStaysWhileItsTokenCouldValidateAndIsPurgedAfter()
            throws Exception
    {
        try (TestServer server = TestServer.start(Map.of("identity.token_expiration", "2", "identity.allow_expired_window", "0"))) {
            Http admin = server.admin();
            Http user = server.http();
            user.login("admin", TestServer.ADMIN_PASSWORD, "admin");
            Map<String, String> subject = Map.of("X-Subject-Token", user.token().orElseThrow());
            assertThat(admin.send("DELETE", "/identity/v3/auth/tokens", null, subject).status()).isEqualTo(204);
            TokenService tokens = server.platform().module(IdentityXloudModule.class).tokens();

            // within the window the event is kept, and the token stays revoked after another node's reload
            assertThat(tokens.purgeExpiredRevocations()).isZero();
            tokens.invalidate();
            assertThat(admin.send("GET", "/identity/v3/auth/tokens", null, subject).status()).isEqualTo(404);

            Thread.sleep(2_200);
            assertThat(tokens.purgeExpiredRevocations()).as("the expired event is deleted").isEqualTo(1);
            assertThat(tokens.purgeExpiredRevocations()).as("and only once").isZero();
            // the token it covered has expired, so it stays invalid; new tokens are unaffected
            tokens.invalidate();
            Http again = server.admin();
            assertThat(again.send("GET", "/identity/v3/auth/tokens", null, subject).status()).isEqualTo(404);
            assertThat(again.get("/identity/v3/projects").status()).isEqualTo(200);
        }
    }
}
