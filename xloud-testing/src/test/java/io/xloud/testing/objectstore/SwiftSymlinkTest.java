package io.xloud.testing.objectstore;

import com.fasterxml.jackson.databind.JsonNode;
import io.xloud.testing.Http;
import io.xloud.testing.TestServer;
import io.xloud.testing.objectstore.SwiftClient.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** Swift's symlink middleware: dynamic and static links, following, loops, listings, POST, COPY and ACLs across accounts. */
class SwiftSymlinkTest
{
    private static final String EMPTY_MD5 = "d41d8cd98f00b204e9800998ecf8427e";

    private static TestServer server;
    private static Http admin;
    private static SwiftClient owner;
    private static SwiftClient other;

    @BeforeAll
    static void start()
    {
        server = TestServer.start();
        admin = server.admin();
        owner = SwiftClient.newProjectUser(server, admin, "member");
        other = SwiftClient.newProjectUser(server, admin, "member");
    }

    @AfterAll
    static void stop()
    {
        server.close();
    }

    private static String name(String containerPath)
    {
        return containerPath.substring(containerPath.lastIndexOf('/') + 1);
    }

    private static Response link(SwiftClient client, String path, String target, String... headers)
    {
        String[] all = new String[headers.length + 2];
        all[0] = "X-Symlink-Target";
        all[1] = target;
        System.arraycopy(headers, 0, all, 2, headers.length);
        return client.put(path, null, all);
    }

    @Test
    void aDynamicLinkIsFollowedAndReadItselfWithSymlinkGet()
    {
        String container = owner.newContainer();
        owner.put(container + "/target", "target bytes", "X-Object-Meta-Color", "blue", "Content-Type", "text/plain");
        Response created = link(owner, container + "/link", name(container) + "/target");
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.header("ETag")).isEqualTo(EMPTY_MD5);

        Response read = owner.get(container + "/link");
        assertThat(read.status()).isEqualTo(200);
        assertThat(read.text()).isEqualTo("target bytes");
        assertThat(read.header("Content-Location")).isEqualTo("/v1/AUTH_" + owner.projectId + "/" + name(container) + "/target");
        assertThat(read.header("X-Object-Meta-Color")).isEqualTo("blue");
        assertThat(read.header("Content-Type")).startsWith("text/plain");
        Response head = owner.head(container + "/link");
        assertThat(head.status()).isEqualTo(200);
        assertThat(head.header("Content-Length")).isEqualTo("12");
        assertThat(head.header("Content-Location")).isEqualTo(read.header("Content-Location"));

        Response itself = owner.get(container + "/link?symlink=get");
        assertThat(itself.status()).isEqualTo(200);
        assertThat(itself.body()).isEmpty();
        assertThat(itself.header("X-Symlink-Target")).isEqualTo(name(container) + "/target");
        assertThat(itself.header("Content-Type")).isEqualTo("application/symlink");
        assertThat(itself.header("Content-Location")).isNull();
        assertThat(itself.header("ETag")).isEqualTo(EMPTY_MD5);

        assertThat(owner.delete(container + "/link").status()).isEqualTo(204);
        assertThat(owner.get(container + "/target").text()).isEqualTo("target bytes");
    }

    @Test
    void aDanglingLinkIs404WithTheTargetLocation()
    {
        String container = owner.newContainer();
        assertThat(link(owner, container + "/dangling", name(container) + "/nowhere").status()).isEqualTo(201);
        Response read = owner.get(container + "/dangling");
        assertThat(read.status()).isEqualTo(404);
        assertThat(read.header("Content-Location")).isEqualTo("/v1/AUTH_" + owner.projectId + "/" + name(container) + "/nowhere");
        assertThat(owner.head(container + "/dangling").status()).isEqualTo(404);
        owner.put(container + "/nowhere", "now here");
        assertThat(owner.get(container + "/dangling").text()).isEqualTo("now here");
    }

    @Test
    void malformedLinksAreRefusedInSwiftsWords()
    {
        String container = owner.newContainer();
        String c = name(container);
        Response body = owner.put(container + "/l", "not empty", "X-Symlink-Target", c + "/t");
        assertThat(body.status()).isEqualTo(400);
        assertThat(body.text()).isEqualTo("Symlink requests require a zero byte body");
        for (String bad : new String[] {"/" + c + "/t", c, c + "/", "/t"}) {
            Response refused = link(owner, container + "/l", bad);
            assertThat(refused.status()).as(bad).isEqualTo(412);
            assertThat(refused.text()).isEqualTo("X-Symlink-Target header must be of the form <container name>/<object name>");
        }
        Response self = link(owner, container + "/l", c + "/l");
        assertThat(self.status()).isEqualTo(400);
        assertThat(self.text()).isEqualTo("Symlink cannot target itself");
        Response slash = link(owner, container + "/l", c + "/t", "X-Symlink-Target-Account", "AUTH_a/b");
        assertThat(slash.status()).isEqualTo(412);
        assertThat(slash.text()).isEqualTo("Account name cannot contain slashes");
        Response etag = link(owner, container + "/l", c + "/t", "X-Symlink-Target-Etag", "ab;c");
        assertThat(etag.status()).isEqualTo(400);
        assertThat(etag.text()).isEqualTo("Bad X-Symlink-Target-Etag format");
        assertThat(link(owner, container + "/l", c + "/t%00x").status()).isEqualTo(412);
        assertThat(link(owner, container + "/l", c + "/t%FFx").status()).isEqualTo(412);
        assertThat(link(owner, container + "/long", c + "/" + "t".repeat(5000)).status()).isIn(201, 400, 412);
        assertThat(owner.get(container + "/long").status()).isIn(404, 400, 412);
        Response post = owner.post(container + "/l", "X-Symlink-Target", c + "/t");
        assertThat(post.status()).isEqualTo(400);
        assertThat(post.text()).isEqualTo("A PUT request is required to set a symlink target");
        assertThat(owner.head(container + "/l").status()).isEqualTo(404);
    }

    @Test
    void chainsAreFollowedUpToTwoLinks()
    {
        String container = owner.newContainer();
        String c = name(container);
        owner.put(container + "/obj", "end of the chain");
        link(owner, container + "/l3", c + "/obj");
        link(owner, container + "/l2", c + "/l3");
        link(owner, container + "/l1", c + "/l2");
        assertThat(owner.get(container + "/l3").text()).isEqualTo("end of the chain");
        Response two = owner.get(container + "/l2");
        assertThat(two.text()).isEqualTo("end of the chain");
        assertThat(two.header("Content-Location")).endsWith("/" + c + "/obj");
        Response three = owner.get(container + "/l1");
        assertThat(three.status()).isEqualTo(409);
        assertThat(three.text()).isEqualTo("Too many levels of symbolic links, maximum allowed is 2");
        assertThat(owner.head(container + "/l1").status()).isEqualTo(409);

        link(owner, container + "/loop-a", c + "/loop-b");
        link(owner, container + "/loop-b", c + "/loop-a");
        assertThat(owner.get(container + "/loop-a").status()).isEqualTo(409);
    }

    @Test
    void postToALinkUpdatesItAndRedirects()
    {
        String container = owner.newContainer();
        String c = name(container);
        owner.put(container + "/target", "t");
        link(owner, container + "/link", c + "/target");
        Response post = owner.post(container + "/link", "X-Object-Meta-Note", "on the link");
        assertThat(post.status()).isEqualTo(307);
        assertThat(post.header("Location")).isEqualTo("/v1/AUTH_" + owner.projectId + "/" + c + "/target");
        assertThat(post.text()).isEqualTo("The requested POST was applied to a symlink. POST directly to the target to apply requested metadata.");
        assertThat(owner.head(container + "/link?symlink=get").header("X-Object-Meta-Note")).isEqualTo("on the link");
        assertThat(owner.head(container + "/target").header("X-Object-Meta-Note")).isNull();
    }

    @Test
    void jsonListingsShowTheLinkPath()
    {
        String container = owner.newContainer();
        String c = name(container);
        owner.put(container + "/target", "twelve bytes");
        link(owner, container + "/dynamic", c + "/target");
        String etag = owner.head(container + "/target").header("ETag");
        assertThat(link(owner, container + "/static", c + "/target", "X-Symlink-Target-Etag", etag).status()).isEqualTo(201);
        JsonNode listing = owner.get(container + "?format=json").json();
        JsonNode dynamic = listing.get(0);
        assertThat(dynamic.path("name").asText()).isEqualTo("dynamic");
        assertThat(dynamic.path("symlink_path").asText()).isEqualTo("/v1/AUTH_" + owner.projectId + "/" + c + "/target");
        assertThat(dynamic.path("hash").asText()).isEqualTo(EMPTY_MD5);
        assertThat(dynamic.path("bytes").asLong()).isZero();
        assertThat(dynamic.path("content_type").asText()).isEqualTo("application/symlink");
        assertThat(dynamic.has("symlink_etag")).isFalse();
        JsonNode stat = listing.get(1);
        assertThat(stat.path("symlink_etag").asText()).isEqualTo(etag);
        assertThat(stat.path("symlink_bytes").asLong()).isEqualTo(12);
        assertThat(listing.get(2).has("symlink_path")).isFalse();
        assertThat(owner.get(container).text()).isEqualTo("dynamic\nstatic\ntarget\n");
    }

    @Test
    void staticLinksCheckTheTargetsEtag()
    {
        String container = owner.newContainer();
        String c = name(container);
        owner.put(container + "/target", "version one", "Content-Type", "text/x-one");
        String etag = owner.head(container + "/target").header("ETag");

        Response missing = link(owner, container + "/s", c + "/absent", "X-Symlink-Target-Etag", etag);
        assertThat(missing.status()).isEqualTo(409);
        assertThat(missing.text()).isEqualTo("X-Symlink-Target does not exist");
        Response wrong = link(owner, container + "/s", c + "/target", "X-Symlink-Target-Etag", "0123");
        assertThat(wrong.status()).isEqualTo(409);
        assertThat(wrong.text()).isEqualTo("Object Etag '" + etag + "' does not match X-Symlink-Target-Etag header '0123'");

        assertThat(link(owner, container + "/s", c + "/target", "X-Symlink-Target-Etag", "\"" + etag + "\"").status()).isEqualTo(201);
        Response itself = owner.head(container + "/s?symlink=get");
        assertThat(itself.header("X-Symlink-Target-Etag")).isEqualTo(etag);
        assertThat(itself.header("X-Symlink-Target-Bytes")).isEqualTo("11");
        assertThat(itself.header("Content-Type")).startsWith("text/x-one");
        assertThat(owner.get(container + "/s").text()).isEqualTo("version one");

        owner.put(container + "/target", "version two");
        Response changed = owner.get(container + "/s");
        assertThat(changed.status()).isEqualTo(409);
        assertThat(changed.text()).startsWith("Object Etag '").endsWith("' does not match X-Symlink-Target-Etag header '" + etag + "'");
        assertThat(changed.header("Content-Location")).endsWith("/" + c + "/target");
    }

    @Test
    void copiesOfALinkCopyTheTargetUnlessSymlinkGet()
    {
        String container = owner.newContainer();
        String c = name(container);
        owner.put(container + "/target", "copied bytes");
        link(owner, container + "/link", c + "/target");
        assertThat(owner.put(container + "/copy", null, "X-Copy-From", c + "/link").status()).isEqualTo(201);
        assertThat(owner.get(container + "/copy").text()).isEqualTo("copied bytes");
        assertThat(owner.get(container + "/copy?symlink=get").header("X-Symlink-Target")).isNull();
        assertThat(owner.put(container + "/link-copy?symlink=get", null, "X-Copy-From", c + "/link").status()).isEqualTo(201);
        assertThat(owner.head(container + "/link-copy?symlink=get").header("X-Symlink-Target")).isEqualTo(c + "/target");
        assertThat(owner.get(container + "/link-copy").text()).isEqualTo("copied bytes");
        assertThat(owner.send("COPY", container + "/link", null, "Destination", c + "/copy2").status()).isEqualTo(201);
        assertThat(owner.get(container + "/copy2").text()).isEqualTo("copied bytes");
    }

    @Test
    void aLinkToAnotherAccountObeysThatAccountsAcls()
    {
        String theirs = other.newContainer();
        other.put(theirs + "/secret", "their bytes");
        String mine = owner.newContainer();
        Response created = link(owner, mine + "/across", name(theirs) + "/secret", "X-Symlink-Target-Account", "AUTH_" + other.projectId);
        assertThat(created.status()).isEqualTo(201);
        Response denied = owner.get(mine + "/across");
        assertThat(denied.status()).isEqualTo(403);
        assertThat(denied.header("Content-Location")).isEqualTo("/v1/AUTH_" + other.projectId + "/" + name(theirs) + "/secret");
        assertThat(owner.head(mine + "/across?symlink=get").header("X-Symlink-Target-Account")).isEqualTo("AUTH_" + other.projectId);

        other.post(theirs, "X-Container-Read", owner.projectId + ":*");
        assertThat(owner.get(mine + "/across").text()).isEqualTo("their bytes");

        // a static link into an account the caller may not read is refused as the read would be
        other.post(theirs, "X-Remove-Container-Read", "x");
        String etag = other.head(theirs + "/secret").header("ETag");
        assertThat(link(owner, mine + "/static", name(theirs) + "/secret", "X-Symlink-Target-Account", "AUTH_" + other.projectId,
                "X-Symlink-Target-Etag", etag).status()).isEqualTo(403);

        // the link's reader needs the link's container and the target's
        owner.post(mine, "X-Container-Read", ".r:*");
        assertThat(owner.anonymous().get(mine + "/across").status()).isEqualTo(401);
    }

    @Test
    void tempUrlsReadThroughLinksButNeverMakeThem()
            throws Exception
    {
        String container = owner.newContainer();
        String c = name(container);
        owner.put(container + "/target", "signed read");
        link(owner, container + "/link", c + "/target");
        owner.post(owner.account(), "X-Account-Meta-Temp-URL-Key", "link-secret");
        long expires = System.currentTimeMillis() / 1000 + 600;
        Response get = owner.anonymous().get(container + "/link?temp_url_sig=" + hmac("GET\n" + expires + "\n" + container + "/link")
                + "&temp_url_expires=" + expires);
        assertThat(get.status()).isEqualTo(200);
        assertThat(get.text()).isEqualTo("signed read");
        Response put = owner.anonymous().put(container + "/new-link?temp_url_sig=" + hmac("PUT\n" + expires + "\n" + container + "/new-link")
                + "&temp_url_expires=" + expires, null, "X-Symlink-Target", c + "/target");
        assertThat(put.status()).isEqualTo(400);
        assertThat(put.text()).isEqualTo("The header 'X-Symlink-Target' is not allowed in this tempurl");
        assertThat(owner.head(container + "/new-link").status()).isEqualTo(404);
    }

    private static String hmac(String message)
            throws Exception
    {
        javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
        mac.init(new javax.crypto.spec.SecretKeySpec("link-secret".getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return java.util.HexFormat.of().formatHex(mac.doFinal(message.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void concurrentReadsThroughALinkWhileItsTargetIsRewrittenSeeWholeObjects()
            throws Exception
    {
        String container = owner.newContainer();
        String c = name(container);
        String a = "a".repeat(50_000);
        String b = "b".repeat(50_000);
        owner.put(container + "/target", a);
        link(owner, container + "/link", c + "/target");
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            java.util.List<java.util.concurrent.Future<String>> reads = new java.util.ArrayList<>();
            for (int i = 0; i < 20; i++) {
                int n = i;
                reads.add(pool.submit(() -> {
                    if (n % 4 == 0) {
                        owner.put(container + "/target", n % 8 == 0 ? b : a);
                        return a;
                    }
                    return owner.get(container + "/link").text();
                }));
            }
            for (java.util.concurrent.Future<String> read : reads) {
                assertThat(read.get()).isIn(a, b);
            }
        }
        finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aStaticLinkToAStaticLargeObjectNamesItsManifestEtag()
    {
        String container = owner.newContainer();
        String c = name(container);
        owner.put(container + "/s1", "hello ");
        owner.put(container + "/s2", "world");
        String manifest = "[{\"path\": \"/" + c + "/s1\"}, {\"path\": \"/" + c + "/s2\"}]";
        assertThat(owner.put(container + "/slo?multipart-manifest=put", manifest).status()).isEqualTo(201);
        Response head = owner.head(container + "/slo");
        String manifestEtag = head.header("X-Manifest-Etag");
        assertThat(manifestEtag).isEqualTo(owner.get(container + "/slo?multipart-manifest=get").header("ETag"));
        assertThat(link(owner, container + "/wrong", c + "/slo", "X-Symlink-Target-Etag", SwiftApiTest.md5("x")).status()).isEqualTo(409);
        assertThat(link(owner, container + "/link", c + "/slo", "X-Symlink-Target-Etag", manifestEtag).status()).isEqualTo(201);
        assertThat(owner.head(container + "/link?symlink=get").header("X-Symlink-Target-Bytes")).isEqualTo("11");
        assertThat(owner.get(container + "/link").text()).isEqualTo("hello world");
    }

    @Test
    void infoListsSymlinks()
    {
        JsonNode info = owner.anonymous().get("/info").json();
        assertThat(info.path("symlink").path("symloop_max").asInt()).isEqualTo(2);
        assertThat(info.path("symlink").path("static_links").asBoolean()).isTrue();
        assertThat("x".getBytes(StandardCharsets.UTF_8)).hasSize(1);
    }
}
