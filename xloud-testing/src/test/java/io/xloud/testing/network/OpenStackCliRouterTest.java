package io.xloud.testing.network;

import com.fasterxml.jackson.databind.JsonNode;
import io.xloud.core.json.Json;
import io.xloud.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The seed's router and floating IP flow with the real OpenStack CLI (Debian's python3-openstackclient): router with
 * a gateway on {@code public}, a subnet added and removed, a floating IP created, set on a port, unset and deleted.
 * Skipped where the CLI is not installed.
 */
class OpenStackCliRouterTest
{
    private static final Path OPENSTACK = Path.of("/usr/bin/openstack");
    private static TestServer server;

    @BeforeAll
    static void start()
    {
        assumeTrue(Files.isExecutable(OPENSTACK), "the openstack CLI is not installed");
        server = TestServer.start();
    }

    @AfterAll
    static void stop()
    {
        if (server != null) {
            server.close();
        }
    }

    private static String run(String... arguments)
            throws IOException, InterruptedException
    {
        List<String> command = new ArrayList<>();
        command.add(OPENSTACK.toString());
        command.addAll(List.of(arguments));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        Map<String, String> environment = builder.environment();
        environment.keySet().removeIf(name -> name.startsWith("OS_") || name.startsWith("PYTHON") || name.equals("VIRTUAL_ENV"));
        environment.put("PATH", "/usr/bin:/bin");
        environment.put("OS_AUTH_URL", server.identityUrl());
        environment.put("OS_IDENTITY_API_VERSION", "3");
        environment.put("OS_USERNAME", "admin");
        environment.put("OS_PASSWORD", TestServer.ADMIN_PASSWORD);
        environment.put("OS_PROJECT_NAME", "admin");
        environment.put("OS_USER_DOMAIN_ID", "default");
        environment.put("OS_PROJECT_DOMAIN_ID", "default");
        environment.put("OS_INTERFACE", "public");
        Process process = builder.start();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("openstack " + String.join(" ", arguments) + " timed out");
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.exitValue()).as("openstack " + String.join(" ", arguments) + ": " + output).isZero();
        return output;
    }

    private static JsonNode json(String... arguments)
            throws IOException, InterruptedException
    {
        List<String> withFormat = new ArrayList<>(List.of(arguments));
        withFormat.addAll(List.of("-f", "json"));
        return Json.parse(run(withFormat.toArray(String[]::new)));
    }

    @Test
    void routerAndFloatingIpFlow()
            throws Exception
    {
        String networkId = json("network", "create", "cli-net").path("id").asText();
        json("subnet", "create", "cli-subnet", "--network", networkId, "--subnet-range", "10.77.0.0/24");
        String routerId = json("router", "create", "cli-router").path("id").asText();
        run("router", "set", routerId, "--external-gateway", "public");
        run("router", "add", "subnet", routerId, "cli-subnet");
        JsonNode router = json("router", "show", routerId);
        assertThat(router.path("external_gateway_info").toString()).contains("enable_snat");
        String portId = json("port", "create", "cli-port", "--network", networkId).path("id").asText();

        JsonNode fip = json("floating", "ip", "create", "public");
        String fipId = fip.path("id").asText();
        assertThat(fip.path("floating_ip_address").asText()).startsWith("172.24.4.");
        run("floating", "ip", "set", "--port", portId, fipId);
        JsonNode associated = json("floating", "ip", "show", fipId);
        assertThat(associated.path("port_id").asText()).isEqualTo(portId);
        assertThat(associated.path("router_id").asText()).isEqualTo(routerId);
        run("floating", "ip", "unset", "--port", fipId);
        assertThat(json("floating", "ip", "show", fipId).path("port_id").isNull()).isTrue();
        run("floating", "ip", "delete", fipId);

        run("router", "remove", "subnet", routerId, "cli-subnet");
        run("router", "unset", "--external-gateway", routerId);
        run("router", "delete", routerId);
        assertThat(run("router", "list", "-f", "value", "-c", "ID")).doesNotContain(routerId);
    }
}
