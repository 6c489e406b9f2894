package io.xloud.testing.identity;

import io.xloud.testing.Http;
import io.xloud.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.xloud.testing.identity.IdentityResourcesTest.passwordAuth;
import static io.xloud.testing.identity.IdentityResourcesTest.unique;
import static org.assertj.core.api.Assertions.assertThat;

/** Keystone's PCI-DSS options, switched on as the conformance run has them. */
class SecurityComplianceTest
{
    private static TestServer server;
    private static Http admin;

    @BeforeAll
    static void start()
    {
        server = TestServer.start(Map.of(
                "identity.lockout_failure_attempts", "2",
                "identity.lockout_duration", "2",
                "identity.unique_last_password_count", "2",
                "identity.password_regex", "^.{6,}$",
                "identity.password_regex_description", "at least six characters"));
        admin = server.admin();
    }

    @AfterAll
    static void stop()
    {
        server.close();
    }

    private static String user(String name, String password)
    {
        String project = name + "-p";
        String projectId = admin.post("/identity/v3/projects", "{\"project\": {\"name\": \"" + project + "\"}}").json().path("project").path("id").asText();
        String id = admin.post("/identity/v3/users", "{\"user\": {\"name\": \"" + name + "\", \"password\": \"" + password + "\"}}")
                .json().path("user").path("id").asText();
        String member = admin.get("/identity/v3/roles?name=member").json().path("roles").get(0).path("id").asText();
        admin.put("/identity/v3/projects/" + projectId + "/users/" + id + "/roles/" + member, null);
        return id;
    }

    @Test
    void lockoutAfterFailuresThenRecovery()
            throws InterruptedException
    {
        String name = unique("lock");
        user(name, "right-password");
        for (int i = 0; i < 2; i++) {
            assertThat(server.http().post("/identity/v3/auth/tokens", passwordAuth(name, "wrong-password", name + "-p")).status()).isEqualTo(401);
        }
        Http.Response locked = server.http().post("/identity/v3/auth/tokens", passwordAuth(name, "right-password", name + "-p"));
        assertThat(locked.status()).isEqualTo(401);
        assertThat(locked.error().path("message").asText()).contains("locked");
        Thread.sleep(2_200);
        assertThat(server.http().post("/identity/v3/auth/tokens", passwordAuth(name, "right-password", name + "-p")).status()).isEqualTo(201);
    }

    @Test
    void selfServiceChangeRefusesTheCurrentPasswordAndWeakOnes()
    {
        String name = unique("hist");
        String id = user(name, "first-password");
        String path = "/identity/v3/users/" + id + "/password";
        assertThat(server.http().post(path, "{\"user\": {\"original_password\": \"first-password\", \"password\": \"first-password\"}}").status())
                .isEqualTo(400);
        Http.Response weak = server.http().post(path, "{\"user\": {\"original_password\": \"first-password\", \"password\": \"abc\"}}");
        assertThat(weak.status()).isEqualTo(400);
        assertThat(weak.error().path("message").asText()).contains("at least six characters");
        assertThat(server.http().post(path, "{\"user\": {\"original_password\": \"not-it\", \"password\": \"second-password\"}}").status())
                .isEqualTo(401);

        Http user = server.http();
        user.login(name, "first-password", name + "-p");
        assertThat(server.http().post(path, "{\"user\": {\"original_password\": \"first-password\", \"password\": \"second-password\"}}").status())
                .isEqualTo(204);
        // the change revokes the user's tokens and the old password stops working
        assertThat(user.get("/identity/v3/auth/projects").status()).isEqualTo(401);
        assertThat(server.http().post("/identity/v3/auth/tokens", passwordAuth(name, "first-password", name + "-p")).status()).isEqualTo(401);
        assertThat(server.http().post("/identity/v3/auth/tokens", passwordAuth(name, "second-password", name + "-p")).status()).isEqualTo(201);
        // with a history of two, neither the current password nor the one before it may come back; a third may
        assertThat(server.http().post(path, "{\"user\": {\"original_password\": \"second-password\", \"password\": \"first-password\"}}").status())
                .isEqualTo(400);
        assertThat(server.http().post(path, "{\"user\": {\"original_password\": \"second-password\", \"password\": \"third-password\"}}").status())
                .isEqualTo(204);
        assertThat(server.http().post(path, "{\"user\": {\"original_password\": \"third-password\", \"password\": \"first-password\"}}").status())
                .isEqualTo(204);
    }

    @Test
    void malformedPasswordChangeIs400()
    {
        String id = user(unique("bad"), "first-password");
        String path = "/identity/v3/users/" + id + "/password";
        assertThat(server.http().post(path, "{\"user\": {\"password\": \"x\"}}").status()).isEqualTo(400);
        assertThat(server.http().post(path, "{\"user\": {\"original_password\": 1, \"password\": \"second-password\"}}").status()).isEqualTo(400);
        assertThat(server.http().post(path, "{\"user\": {\"original_password\": \"first-password\", \"password\": \"second-password\", "
                + "\"extra\": 1}}").status()).isEqualTo(400);
    }
}
