package io.xloud.testing.network;

import com.fasterxml.jackson.databind.JsonNode;
import io.xloud.core.json.Json;
import io.xloud.testing.Http;
import io.xloud.testing.TestServer;

import java.util.UUID;

/**
 * What the router and floating IP tests build on, made through the API as a user would: members of fresh projects,
 * networks with a subnet, ports, routers, and the bootstrap's external network {@code public}.
 */
final class L3Fixtures
{
    static final String V2 = "/networking/v2.0";

    private L3Fixtures() {}

    record Member(String projectId, Http http) {}

    /** A new user with the member role on a new project, holding a token scoped to it. */
    static Member member(TestServer server, Http admin)
    {
        String suffix = UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        String projectName = "l3-project-" + suffix;
        String projectId = expect(admin.post("/identity/v3/projects", """
                {"project": {"name": %s, "domain_id": "default"}}""".formatted(Json.string(projectName))), 201)
                .json().path("project").path("id").asText();
        String name = "l3-user-" + suffix;
        String password = "Secret-" + suffix;
        String userId = expect(admin.post("/identity/v3/users", """
                {"user": {"name": %s, "password": %s, "domain_id": "default"}}""".formatted(Json.string(name), Json.string(password))), 201)
                .json().path("user").path("id").asText();
        String roleId = expect(admin.get("/identity/v3/roles?name=member"), 200).json().path("roles").get(0).path("id").asText();
        expect(admin.put("/identity/v3/projects/" + projectId + "/users/" + userId + "/roles/" + roleId, null), 204);
        Http http = server.http();
        http.login(name, password, projectName);
        return new Member(projectId, http);
    }

    static Http.Response expect(Http.Response response, int status)
    {
        if (response.status() != status) {
            throw new IllegalStateException("expected " + status + " but got " + response.status() + ": " + response.body());
        }
        return response;
    }

    static String publicNetwork(Http http)
    {
        JsonNode networks = expect(http.get(V2 + "/networks?name=public"), 200).json().path("networks");
        if (networks.size() != 1) {
            throw new IllegalStateException("no single network 'public': " + networks);
        }
        return networks.get(0).path("id").asText();
    }

    static String network(Http http, String name)
    {
        return expect(http.post(V2 + "/networks", """
                {"network": {"name": %s}}""".formatted(Json.string(name))), 201).json().path("network").path("id").asText();
    }

    static JsonNode subnet(Http http, String networkId, String cidr)
    {
        return expect(http.post(V2 + "/subnets", """
                {"subnet": {"network_id": "%s", "cidr": "%s", "ip_version": %d}}""".formatted(networkId, cidr, cidr.contains(":") ? 6 : 4)), 201)
                .json().path("subnet");
    }

    static JsonNode port(Http http, String networkId)
    {
        return expect(http.post(V2 + "/ports", """
                {"port": {"network_id": "%s"}}""".formatted(networkId)), 201).json().path("port");
    }

    static JsonNode router(Http http, String body)
    {
        return expect(http.post(V2 + "/routers", body), 201).json().path("router");
    }

    static JsonNode addSubnetInterface(Http http, String routerId, String subnetId)
    {
        return expect(http.put(V2 + "/routers/" + routerId + "/add_router_interface", """
                {"subnet_id": "%s"}""".formatted(subnetId)), 200).json();
    }

    /** Neutron's error type of a response. */
    static String type(Http.Response response)
    {
        return response.json().path("NeutronError").path("type").asText();
    }
}
