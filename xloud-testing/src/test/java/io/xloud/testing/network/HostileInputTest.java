package io.xloud.testing.network;

import io.xloud.testing.Http;
import io.xloud.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.xloud.testing.network.NetworkUsers.expect;
import static org.assertj.core.api.Assertions.assertThat;

/** Whatever a client sends to any networking endpoint, the answer is Neutron's 4xx, never a 500. */
class HostileInputTest
{
    private static final String V2 = "/networking/v2.0";
    private static TestServer server;
    private static NetworkUsers.User user;
    private static String network;
    private static String subnet;
    private static String port;

    @BeforeAll
    static void start()
    {
        server = TestServer.start();
        user = NetworkUsers.create(server, server.admin(), "member");
        network = expect(user.http().post(V2 + "/networks", "{\"network\": {}}"), 201).json().path("network").path("id").asText();
        subnet = expect(user.http().post(V2 + "/subnets", "{\"subnet\": {\"network_id\": \"" + network + "\", \"ip_version\": 4, \"cidr\": \"10.60.0.0/24\"}}"), 201)
                .json().path("subnet").path("id").asText();
        port = expect(user.http().post(V2 + "/ports", "{\"port\": {\"network_id\": \"" + network + "\"}}"), 201).json().path("port").path("id").asText();
    }

    @AfterAll
    static void stop()
    {
        server.close();
    }

    private static List<String> values()
    {
        return List.of("null", "true", "-1", "1e400", "99999999999999999999999", "\"\"", "\"" + "x".repeat(5000) + "\"", "[]", "[null]", "[[]]", "{}",
                "{\"a\": null}", "\"\\u0000\"", "\"10.0.0.0/33\"", "\"::::\"", "\"1.2.3.4\"", "\"fa:16:3e:00:00:zz\"", "[{\"subnet_id\": null}]",
                "[{\"ip_address\": \"1.2.3.4\", \"subnet_id\": 5}]", "[{\"start\": \"10.60.0.9\"}]", "[{\"destination\": null, \"nexthop\": []}]",
                "[{\"opt_name\": \"\", \"opt_value\": null}]", "[{\"ip_address\": []}]", "\"%00\"", "3.5");
    }

    @Test
    void everyAttributeWithEveryKindOfValueIsA4xx()
    {
        Map<String, List<String>> attributes = Map.of(
                "network", List.of("name", "admin_state_up", "shared", "router:external", "mtu", "port_security_enabled", "provider:network_type",
                        "provider:segmentation_id", "availability_zone_hints", "dns_domain", "description", "tags", "project_id", "qos_policy_id"),
                "subnet", List.of("network_id", "ip_version", "cidr", "gateway_ip", "enable_dhcp", "ipv6_ra_mode", "allocation_pools", "dns_nameservers",
                        "host_routes", "subnetpool_id", "prefixlen", "service_types", "segment_id"),
                "port", List.of("network_id", "fixed_ips", "mac_address", "admin_state_up", "device_id", "device_owner", "binding:host_id",
                        "binding:vnic_type", "binding:profile", "allowed_address_pairs", "extra_dhcp_opts", "security_groups", "port_security_enabled",
                        "dns_name"));
        Map<String, String> ids = Map.of("network", network, "subnet", subnet, "port", port);
        List<String> failures = new ArrayList<>();
        for (Map.Entry<String, List<String>> resource : attributes.entrySet()) {
            String singular = resource.getKey();
            for (String attribute : resource.getValue()) {
                for (String value : values()) {
                    String base = switch (singular) {
                        case "subnet" -> "\"network_id\": \"" + network + "\", \"ip_version\": 4, \"cidr\": \"10.61.0.0/24\", ";
                        case "port" -> "\"network_id\": \"" + network + "\", ";
                        default -> "";
                    };
                    String body = "{\"" + singular + "\": {" + base.replace("\"" + attribute + "\": ", "\"ignored_" + attribute + "\": ") + "\"" + attribute
                            + "\": " + value + "}}";
                    body = body.replace("\"ignored_" + attribute + "\": [^,]*, ", "");
                    check(failures, "POST", V2 + "/" + singular + "s", body);
                    check(failures, "PUT", V2 + "/" + singular + "s/" + ids.get(singular), "{\"" + singular + "\": {\"" + attribute + "\": " + value + "}}");
                }
            }
        }
        assertThat(failures).isEmpty();
    }

    @Test
    void aNulCharacterInANameOrDescriptionIsA400AndCreatesNothing()
    {
        // which no PostgreSQL text column holds: refused the same on every database
        String nul = "\"a\\u0000b\"";
        String group = expect(user.http().post(V2 + "/security-groups", "{\"security_group\": {\"name\": \"plain\"}}"), 201)
                .json().path("security_group").path("id").asText();
        List<String> bodies = List.of(
                "POST " + V2 + "/security-groups {\"security_group\": {\"name\": " + nul + "}}",
                "POST " + V2 + "/security-groups {\"security_group\": {\"name\": \"g\", \"description\": " + nul + "}}",
                "PUT " + V2 + "/security-groups/" + group + " {\"security_group\": {\"name\": " + nul + "}}",
                "POST " + V2 + "/security-group-rules {\"security_group_rule\": {\"security_group_id\": \"" + group
                        + "\", \"direction\": \"ingress\", \"description\": " + nul + "}}",
                "POST " + V2 + "/address-groups {\"address_group\": {\"name\": " + nul + ", \"addresses\": []}}",
                "POST " + V2 + "/address-groups {\"address_group\": {\"name\": \"ag\", \"addresses\": [" + nul + "]}}");
        for (String request : bodies) {
            String[] parts = request.split(" ", 3);
            Http.Response response = user.http().send(parts[0], parts[1], parts[2], Map.of());
            assertThat(response.status()).as(request).isEqualTo(400);
            assertThat(response.body()).as(request).contains("NeutronError");
        }
        assertThat(user.http().get(V2 + "/security-groups?name=g").json().path("security_groups")).isEmpty();
        assertThat(user.http().get(V2 + "/address-groups").json().path("address_groups")).isEmpty();
        assertThat(user.http().get(V2 + "/security-groups/" + group).json().path("security_group").path("name").asText()).isEqualTo("plain");
    }

    @Test
    void hostileQueriesPathsAndHeadersAreA4xx()
    {
        List<String> failures = new ArrayList<>();
        for (String query : List.of("limit=abc", "limit=99999999999999", "marker=%00", "sort_key=id;drop", "sort_dir=sideways", "fields=%27", "page_reverse=maybe",
                "fixed_ips=ip_address", "fixed_ips=ip_address%3D%25", "fixed_ips=ip_address_substr%3D%27%20OR%201%3D1", "tags=" + "a,".repeat(500),
                "name=%27%20OR%20%271%27%3D%271", "mtu=1e9", "id=" + "x".repeat(10000), "admin_state_up=", "sort_key=name&sort_key=name&sort_dir=asc&sort_dir=desc&sort_dir=asc",
                "created_at=gt:yesterday", "revision_number=-1")) {
            for (String collection : List.of("networks", "subnets", "ports")) {
                check(failures, "GET", V2 + "/" + collection + "?" + query, null);
            }
        }
        for (String path : List.of("/networks/..%2F..", "/ports/%2e%2e", "/subnets/" + "%25".repeat(100), "/networks/" + network + "/tags/" + "t".repeat(300),
                "/networks/" + network + "/tags/a%2Cb", "/quotas/" + "p".repeat(500), "/extensions/%00", "/networks/" + network + "/tags/%00")) {
            check(failures, "GET", V2 + path, null);
            check(failures, "PUT", V2 + path, "{}");
            check(failures, "DELETE", V2 + path, null);
        }
        for (String ifMatch : List.of("revision_number=", "revision_number=abc", "*", "revision_number=99999999999999999999999", "etag")) {
            Http.Response response = user.http().send("PUT", V2 + "/networks/" + network, "{\"network\": {\"name\": \"x\"}}", Map.of("If-Match", ifMatch));
            if (response.status() >= 500 || response.status() < 400) {
                failures.add("If-Match " + ifMatch + " -> " + response.status());
            }
        }
        assertThat(failures).isEmpty();
    }

    private static void check(List<String> failures, String method, String path, String body)
    {
        Http.Response response = user.http().send(method, path, body, Map.of());
        if (response.status() >= 500) {
            failures.add(method + " " + path.substring(0, Math.min(200, path.length())) + " " + (body == null ? "" : body.substring(0, Math.min(300, body.length())))
                    + " -> " + response.status() + " " + response.body());
        }
        else if (response.status() >= 400 && !response.body().contains("NeutronError")) {
            failures.add(method + " " + path.substring(0, Math.min(200, path.length())) + " -> " + response.status() + " without NeutronError: " + response.body());
        }
    }
}
