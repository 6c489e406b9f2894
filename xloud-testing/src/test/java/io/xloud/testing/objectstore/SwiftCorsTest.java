package io.xloud.testing.objectstore;

import io.xloud.testing.TestServer;
import io.xloud.testing.objectstore.SwiftClient.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** CORS from container metadata: preflights answered as Swift's proxy does, and the headers of actual requests. */
class SwiftCorsTest
{
    private static TestServer server;
    private static SwiftClient owner;

    @BeforeAll
    static void start()
    {
        server = TestServer.start();
        owner = SwiftClient.newProjectUser(server, server.admin(), "member");
    }

    @AfterAll
    static void stop()
    {
        server.close();
    }

    private static Response preflight(String path, String origin, String method, String... more)
    {
        String[] headers = new String[more.length + 4];
        headers[0] = "Origin";
        headers[1] = origin;
        headers[2] = "Access-Control-Request-Method";
        headers[3] = method;
        System.arraycopy(more, 0, headers, 4, more.length);
        return owner.anonymous().send("OPTIONS", path, null, headers);
    }

    @Test
    void aPreflightForAnAllowedOriginIs200WithTheAllowHeaders()
    {
        String container = owner.newContainer();
        owner.put(container + "/o", "x");
        owner.post(container, "X-Container-Meta-Access-Control-Allow-Origin", "http://a.example http://b.example",
                "X-Container-Meta-Access-Control-Max-Age", "600");
        Response ok = preflight(container + "/o", "http://b.example", "PUT", "Access-Control-Request-Headers", "x-auth-token, content-type");
        assertThat(ok.status()).isEqualTo(200);
        assertThat(ok.header("Access-Control-Allow-Origin")).isEqualTo("http://b.example");
        assertThat(ok.header("Access-Control-Max-Age")).isEqualTo("600");
        assertThat(ok.header("Access-Control-Allow-Methods")).contains("GET").contains("PUT").contains("DELETE");
        assertThat(ok.header("Access-Control-Allow-Headers")).isEqualTo("x-auth-token, content-type");
        assertThat(ok.header("Vary")).isEqualTo("Origin, Access-Control-Request-Headers");
        assertThat(ok.header("Allow")).contains("OPTIONS");
        assertThat(preflight(container, "http://a.example", "GET").status()).isEqualTo(200);
    }

    @Test
    void aPreflightForAnotherOriginOrMethodIs401()
    {
        String container = owner.newContainer();
        owner.post(container, "X-Container-Meta-Access-Control-Allow-Origin", "http://a.example");
        Response origin = preflight(container + "/o", "http://evil.example", "GET");
        assertThat(origin.status()).isEqualTo(401);
        assertThat(origin.header("Access-Control-Allow-Origin")).isNull();
        assertThat(preflight(container + "/o", "http://a.example", "BREW").status()).isEqualTo(401);
        assertThat(preflight(container + "/o", "http://a.example", "").status()).isEqualTo(401);
        assertThat(preflight(owner.account() + "/no-such-container/o", "http://a.example", "GET").status()).isEqualTo(401);
        String closed = owner.newContainer();
        assertThat(preflight(closed + "/o", "http://a.example", "GET").status()).isEqualTo(401);
    }

    @Test
    void aWildcardAllowsEveryOrigin()
    {
        String container = owner.newContainer();
        owner.post(container, "X-Container-Meta-Access-Control-Allow-Origin", "*");
        Response ok = preflight(container + "/o", "http://anywhere.example", "GET");
        assertThat(ok.status()).isEqualTo(200);
        assertThat(ok.header("Access-Control-Allow-Origin")).isEqualTo("*");
        assertThat(ok.header("Vary")).isNull();
    }

    @Test
    void optionsWithoutOriginListsTheMethods()
    {
        Response account = owner.anonymous().send("OPTIONS", owner.account(), null);
        assertThat(account.status()).isEqualTo(200);
        assertThat(account.header("Allow")).contains("GET").contains("OPTIONS");
        Response object = owner.anonymous().send("OPTIONS", owner.account() + "/any/object", null);
        assertThat(object.status()).isEqualTo(200);
        assertThat(object.header("Access-Control-Allow-Origin")).isNull();
        assertThat(owner.anonymous().send("OPTIONS", owner.account(), null, "Origin", "http://a.example").status()).isEqualTo(200);
    }

    @Test
    void actualRequestsFromAnAllowedOriginCarryTheCorsHeaders()
    {
        String container = owner.newContainer();
        owner.post(container, "X-Container-Meta-Access-Control-Allow-Origin", "http://a.example",
                "X-Container-Meta-Access-Control-Expose-Headers", "X-Custom-One x-custom-two");
        owner.put(container + "/o", "body", "X-Object-Meta-Color", "red");
        Response read = owner.get(container + "/o", "Origin", "http://a.example");
        assertThat(read.status()).isEqualTo(200);
        assertThat(read.header("Access-Control-Allow-Origin")).isEqualTo("http://a.example");
        assertThat(read.header("Vary")).isEqualTo("Origin");
        assertThat(read.header("Access-Control-Expose-Headers").split(", "))
                .contains("etag", "content-type", "x-trans-id", "x-object-meta-color", "x-custom-one", "x-custom-two");
        Response listing = owner.get(container, "Origin", "http://a.example");
        assertThat(listing.header("Access-Control-Expose-Headers")).contains("x-container-meta-access-control-allow-origin");
        Response put = owner.put(container + "/p", "x", "Origin", "http://a.example");
        assertThat(put.status()).isEqualTo(201);
        assertThat(put.header("Access-Control-Allow-Origin")).isEqualTo("http://a.example");
        Response missing = owner.get(container + "/missing", "Origin", "http://a.example");
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.header("Access-Control-Allow-Origin")).isEqualTo("http://a.example");

        Response other = owner.get(container + "/o", "Origin", "http://evil.example");
        assertThat(other.status()).isEqualTo(200);
        assertThat(other.header("Access-Control-Allow-Origin")).isNull();
        assertThat(other.header("Access-Control-Expose-Headers")).isNull();
        assertThat(owner.get(container + "/o").header("Access-Control-Allow-Origin")).isNull();
    }
}
