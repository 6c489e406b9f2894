package io.xloud.testing.identity;

import com.fasterxml.jackson.databind.JsonNode;
import io.xloud.testing.Http;
import io.xloud.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** GET /v3/users filtered in the database with Keystone's filters, and cut at identity.list_limit with truncated. */
class UserListApiTest
{
    private static TestServer server;
    private static TestServer limited;
    private static Http admin;
    private static Http limitedAdmin;
    private static final String SUFFIX = UUID.randomUUID().toString().substring(0, 8);

    @BeforeAll
    static void start()
    {
        server = TestServer.start();
        admin = server.admin();
        limited = TestServer.start(Map.of("identity.list_limit", "2", "identity.password_expires_days", "30"));
        limitedAdmin = limited.admin();
        create(admin, "lst-" + SUFFIX + "-Alpha", true);
        create(admin, "lst-" + SUFFIX + "-beta", true);
        create(admin, "lst-" + SUFFIX + "-gamma_%", false);
        for (int i = 0; i < 3; i++) {
            create(limitedAdmin, "cut-" + SUFFIX + "-" + i, true);
        }
    }

    @AfterAll
    static void stop()
    {
        server.close();
        limited.close();
    }

    private static void create(Http http, String name, boolean enabled)
    {
        Http.Response response = http.post("/identity/v3/users",
                "{\"user\": {\"name\": \"" + name + "\", \"password\": \"pw-" + name + "\", \"enabled\": " + enabled + "}}");
        assertThat(response.status()).as(response.body()).isEqualTo(201);
    }

    private static List<String> names(Http http, String query)
    {
        Http.Response response = http.get("/identity/v3/users?" + query);
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        List<String> names = new ArrayList<>();
        response.json().path("users").forEach(user -> names.add(user.path("name").asText()));
        return names;
    }

    private static String encode(String text)
    {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    @Test
    void filtersByExactName()
    {
        assertThat(names(admin, "name=lst-" + SUFFIX + "-Alpha")).containsExactly("lst-" + SUFFIX + "-Alpha");
        assertThat(names(admin, "name=lst-" + SUFFIX + "-ALPHA")).isEmpty();
    }

    @Test
    void filtersBySubstringOperatorsInOrderOfName()
    {
        assertThat(names(admin, "name__icontains=" + SUFFIX + "-ALPHA")).containsExactly("lst-" + SUFFIX + "-Alpha");
        assertThat(names(admin, "name__startswith=lst-" + SUFFIX))
                .containsExactly("lst-" + SUFFIX + "-Alpha", "lst-" + SUFFIX + "-beta", "lst-" + SUFFIX + "-gamma_%");
        assertThat(names(admin, "name__endswith=" + encode("_%"))).containsExactly("lst-" + SUFFIX + "-gamma_%");
        assertThat(names(admin, "name__contains=" + encode(SUFFIX + "-%"))).isEmpty();
    }

    @Test
    void filtersByEnabledAndDomain()
    {
        assertThat(names(admin, "enabled=false&name__startswith=lst-" + SUFFIX)).containsExactly("lst-" + SUFFIX + "-gamma_%");
        assertThat(names(admin, "enabled=true&domain_id=default&name__startswith=lst-" + SUFFIX)).hasSize(2);
        assertThat(names(admin, "domain_id=nowhere")).isEmpty();
    }

    @Test
    void federatedFiltersMatchNoLocalUser()
    {
        assertThat(names(admin, "idp_id=myidp")).isEmpty();
        assertThat(names(admin, "protocol_id=saml2&unique_id=x")).isEmpty();
    }

    @Test
    void unknownFiltersAreIgnoredAsKeystoneDoes()
    {
        assertThat(names(admin, "colour=red&sort_key=nothing&limit=abc&name=lst-" + SUFFIX + "-beta")).containsExactly("lst-" + SUFFIX + "-beta");
    }

    @Test
    void hostileValuesMatchNothing()
    {
        assertThat(names(admin, "name=" + encode("' OR '1'='1"))).isEmpty();
        assertThat(names(admin, "name__contains=" + encode("'); DROP TABLE users; --"))).isEmpty();
        assertThat(names(admin, "name=" + "x".repeat(5_000))).isEmpty();
        assertThat(names(admin, "name=admin")).containsExactly("admin");
    }

    @Test
    void passwordExpiryComparesWithOperators()
    {
        String soon = Instant.now().plus(29, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS).toString();
        assertThat(names(limitedAdmin, "name__startswith=cut-" + SUFFIX + "&password_expires_at=gt:" + soon)).hasSize(2);
        assertThat(names(limitedAdmin, "name__startswith=cut-" + SUFFIX + "&password_expires_at=lt:" + soon)).isEmpty();
        assertThat(names(admin, "name__startswith=lst-" + SUFFIX + "&password_expires_at=lt:2999-01-01T00:00:00Z")).isEmpty();
    }

    @Test
    void aMalformedTimestampIsAValidationError()
    {
        Http.Response response = admin.get("/identity/v3/users?password_expires_at=lt:yesterday");
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().path("error").path("code").asInt()).isEqualTo(400);
    }

    @Test
    void theListLimitCutsTheListAndSaysTruncated()
    {
        JsonNode body = limitedAdmin.get("/identity/v3/users?name__startswith=cut-" + SUFFIX).json();
        assertThat(body.path("users")).hasSize(2);
        assertThat(body.path("truncated").asBoolean()).isTrue();
        assertThat(body.path("links").path("self").asText()).endsWith("/identity/v3/users?name__startswith=cut-" + SUFFIX);
        assertThat(body.path("links").path("next").isNull()).isTrue();
        JsonNode one = limitedAdmin.get("/identity/v3/users?name=cut-" + SUFFIX + "-1").json();
        assertThat(one.path("users")).hasSize(1);
        assertThat(one.has("truncated")).isFalse();
    }
}
