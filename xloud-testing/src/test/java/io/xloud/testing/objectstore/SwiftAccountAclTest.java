package io.xloud.testing.objectstore;

import io.xloud.testing.Http;
import io.xloud.testing.TestServer;
import io.xloud.testing.objectstore.SwiftClient.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Account ACLs (X-Account-Access-Control): who may set them, how they are checked, and what each level grants. */
class SwiftAccountAclTest
{
    private static TestServer server;
    private static Http admin;

    @BeforeAll
    static void start()
    {
        server = TestServer.start();
        admin = server.admin();
    }

    @AfterAll
    static void stop()
    {
        server.close();
    }

    private static SwiftClient member()
    {
        return SwiftClient.newProjectUser(server, admin, "member");
    }

    /** The other user, acting on the owner's account paths. */
    private static SwiftClient as(SwiftClient owner, SwiftClient other)
    {
        return owner.withToken(other.token());
    }

    @Test
    void readOnlyEntriesReadEverythingAndWriteNothing()
    {
        SwiftClient owner = member();
        SwiftClient reader = member();
        String container = owner.newContainer();
        owner.put(container + "/o", "shared");
        SwiftClient guest = as(owner, reader);
        assertThat(guest.get(container + "/o").status()).isEqualTo(403);

        Response set = owner.post(owner.account(), "X-Account-Access-Control", "{\"read-only\":[\"" + reader.projectId + ":" + reader.userId + "\"]}");
        assertThat(set.status()).isEqualTo(204);
        assertThat(guest.get(container + "/o").text()).isEqualTo("shared");
        assertThat(guest.head(container + "/o").status()).isEqualTo(200);
        assertThat(guest.get(container).text()).isEqualTo("o\n");
        assertThat(guest.get(owner.account()).status()).isEqualTo(200);
        assertThat(guest.head(owner.account()).header("X-Account-Access-Control")).isNull();
        assertThat(guest.put(container + "/o", "overwrite").status()).isEqualTo(403);
        assertThat(guest.delete(container + "/o").status()).isEqualTo(403);
        assertThat(guest.put(owner.account() + "/planted", null).status()).isEqualTo(403);
        assertThat(guest.post(container, "X-Container-Meta-X", "y").status()).isEqualTo(403);
        assertThat(guest.post(owner.account(), "X-Account-Meta-X", "y").status()).isEqualTo(403);
        assertThat(owner.get(container + "/o").text()).isEqualTo("shared");
    }

    @Test
    void readWriteEntriesChangeContainersButNotTheAccount()
    {
        SwiftClient owner = member();
        SwiftClient writer = member();
        String container = owner.newContainer();
        owner.post(owner.account(), "X-Account-Access-Control", "{\"read-write\":[\"" + writer.projectId + ":*\"]}");
        SwiftClient guest = as(owner, writer);
        assertThat(guest.put(container + "/w", "written").status()).isEqualTo(201);
        assertThat(guest.get(container + "/w").text()).isEqualTo("written");
        assertThat(guest.put(owner.account() + "/made-by-writer", null).status()).isEqualTo(201);
        assertThat(guest.post(container, "X-Container-Meta-Color", "green").status()).isEqualTo(204);
        // privileged container headers are the owner's: silently ignored from anyone else
        assertThat(guest.post(container, "X-Container-Read", ".r:*").status()).isEqualTo(204);
        assertThat(owner.head(container).header("X-Container-Read")).isNull();
        assertThat(guest.head(container).header("X-Container-Meta-Color")).isEqualTo("green");
        assertThat(guest.delete(container + "/w").status()).isEqualTo(204);
        assertThat(guest.get(owner.account()).status()).isEqualTo(200);
        assertThat(guest.post(owner.account(), "X-Account-Meta-X", "y").status()).isEqualTo(403);
        assertThat(guest.post(owner.account(), "X-Account-Access-Control", "{\"admin\":[\"" + writer.userId + "\"]}").status()).isEqualTo(403);
        assertThat(guest.put(container + "/missing-container/o", "x").status()).isEqualTo(201);
        assertThat(guest.put(owner.account() + "/nowhere-" + System.nanoTime() + "/o", "x").status()).isEqualTo(404);
    }

    @Test
    void adminEntriesActAsOwnersButCannotNameAdmins()
    {
        SwiftClient owner = member();
        SwiftClient delegate = member();
        SwiftClient third = member();
        String container = owner.newContainer();
        owner.post(owner.account(), "X-Account-Access-Control", "{\"admin\":[\"" + delegate.userId + "\"]}");
        SwiftClient guest = as(owner, delegate);
        assertThat(guest.post(owner.account(), "X-Account-Meta-Set-By", "delegate").status()).isEqualTo(204);
        assertThat(guest.post(container, "X-Container-Read", third.projectId + ":*").status()).isEqualTo(204);
        assertThat(owner.head(container).header("X-Container-Read")).isEqualTo(third.projectId + ":*");
        assertThat(guest.head(owner.account()).header("X-Account-Access-Control")).isEqualTo("{\"admin\":[\"" + delegate.userId + "\"]}");
        Response lists = guest.post(owner.account(), "X-Account-Access-Control",
                "{\"admin\":[\"" + delegate.userId + "\"],\"read-only\":[\"" + third.projectId + ":*\"]}");
        assertThat(lists.status()).isEqualTo(204);
        assertThat(as(owner, third).get(owner.account()).status()).isEqualTo(200);
        Response promote = guest.post(owner.account(), "X-Account-Access-Control",
                "{\"admin\":[\"" + delegate.userId + "\",\"" + third.userId + "\"]}");
        assertThat(promote.status()).isEqualTo(403);
        // a reseller quota stays the reseller's
        assertThat(guest.post(owner.account(), "X-Account-Meta-Quota-Bytes", "1").status()).isEqualTo(403);
    }

    @Test
    void theOwnerSeesTheAclAsSwiftFormatsIt()
    {
        SwiftClient owner = member();
        owner.post(owner.account(), "X-Account-Access-Control", "{ \"read-write\": [\"b\"], \"admin\": [\"a\"], \"read-only\": [] }");
        assertThat(owner.head(owner.account()).header("X-Account-Access-Control")).isEqualTo("{\"admin\":[\"a\"],\"read-write\":[\"b\"]}");
        assertThat(owner.get(owner.account()).header("X-Account-Access-Control")).isEqualTo("{\"admin\":[\"a\"],\"read-write\":[\"b\"]}");
        assertThat(owner.post(owner.account(), "X-Account-Access-Control", "").status()).isEqualTo(204);
        assertThat(owner.head(owner.account()).header("X-Account-Access-Control")).isNull();
        SwiftClient reader = SwiftClient.newProjectUser(server, admin, "reader");
        assertThat(reader.post(reader.account(), "X-Account-Access-Control", "{\"read-only\":[\"x\"]}").status()).isEqualTo(403);
        assertThat(owner.anonymous().post(owner.account(), "X-Account-Access-Control", "{\"read-only\":[\"x\"]}").status()).isEqualTo(401);
        assertThat(member().withToken(member().token()).post(owner.account(), "X-Account-Access-Control", "{}").status()).isEqualTo(403);
    }

    @Test
    void malformedAclsAre400InTempAuthsWords()
    {
        SwiftClient owner = member();
        Response syntax = owner.post(owner.account(), "X-Account-Access-Control", "{not json");
        assertThat(syntax.status()).isEqualTo(400);
        assertThat(syntax.text()).isEqualTo("X-Account-Access-Control invalid: Syntax error in input ('{not json')\n\nInput: {not json\n");
        Response list = owner.post(owner.account(), "X-Account-Access-Control", "[\"a\"]");
        assertThat(list.status()).isEqualTo(400);
        assertThat(list.text()).startsWith("X-Account-Access-Control invalid: Syntax error");
        Response key = owner.post(owner.account(), "X-Account-Access-Control", "{\"other-auth-system\":[]}");
        assertThat(key.status()).isEqualTo(400);
        assertThat(key.text()).startsWith("X-Account-Access-Control invalid: Key \"other-auth-system\" not recognized");
        Response value = owner.post(owner.account(), "X-Account-Access-Control", "{\"admin\":\"a\"}");
        assertThat(value.text()).startsWith("X-Account-Access-Control invalid: Value for key \"admin\" must be a list");
        Response element = owner.post(owner.account(), "X-Account-Access-Control", "{\"read-only\":[1]}");
        assertThat(element.text()).startsWith("X-Account-Access-Control invalid: Elements of \"read-only\" list must be strings");
        assertThat(owner.post(owner.account(), "X-Account-Access-Control", "null").status()).isEqualTo(400);
        assertThat(owner.head(owner.account()).header("X-Account-Access-Control")).isNull();
    }

    @Test
    void aclEntriesNeedTheNamedProjectsToken()
    {
        SwiftClient owner = member();
        SwiftClient friend = member();
        String container = owner.newContainer();
        owner.put(container + "/o", "x");
        owner.post(owner.account(), "X-Account-Access-Control", "{\"read-only\":[\"*:" + friend.userId + "\"]}");
        assertThat(as(owner, friend).get(container + "/o").status()).isEqualTo(200);
        owner.post(owner.account(), "X-Account-Access-Control", "{\"read-only\":[\"someone-else:" + friend.userId + "\"]}");
        assertThat(as(owner, friend).get(container + "/o").status()).isEqualTo(403);
        owner.post(owner.account(), "X-Account-Access-Control", "{\"read-only\":[\"" + friend.projectId + "\"]}");
        assertThat(as(owner, friend).get(container + "/o").status()).isEqualTo(200);
        assertThat(owner.anonymous().get(container + "/o").status()).isEqualTo(401);
    }

    @Test
    void hostileAclsAreStoredOrRefusedNeverAServerError()
    {
        SwiftClient owner = member();
        String big = "{\"read-only\":[\"" + "x".repeat(7000) + "\"]}";
        assertThat(owner.post(owner.account(), "X-Account-Access-Control", big).status()).isIn(204, 400, 431);
        // JSON escapes on the wire (header values are ASCII); Swift shows the ACL with non-ASCII escaped again
        String unicode = "{\"read-only\":[\"" + "\\u00e9".repeat(1000) + "\"]}";
        Response stored = owner.post(owner.account(), "X-Account-Access-Control", unicode);
        assertThat(stored.status()).isIn(204, 400);
        if (stored.status() == 204) {
            assertThat(owner.head(owner.account()).header("X-Account-Access-Control")).startsWith("{\"read-only\":[\"\\u00e9");
        }
        String deep = "[".repeat(5000) + "]".repeat(5000);
        assertThat(owner.post(owner.account(), "X-Account-Access-Control", deep).status()).isEqualTo(400);
        assertThat(owner.post(owner.account(), "X-Account-Access-Control", "{\"admin\":[\"a\"],\"admin\":[\"b\"]}").status()).isIn(204, 400);
        assertThat(owner.head(owner.account()).status()).isEqualTo(204);
    }

    @Test
    void concurrentAclChangesLeaveOneWholeAcl()
            throws Exception
    {
        SwiftClient owner = member();
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            java.util.List<java.util.concurrent.Future<Integer>> posts = new java.util.ArrayList<>();
            for (int i = 0; i < 12; i++) {
                String acl = "{\"read-only\":[\"user-" + i + "\"]}";
                posts.add(pool.submit(() -> owner.post(owner.account(), "X-Account-Access-Control", acl, "X-Account-Meta-N", "v").status()));
            }
            for (java.util.concurrent.Future<Integer> post : posts) {
                assertThat(post.get()).isEqualTo(204);
            }
        }
        finally {
            pool.shutdownNow();
        }
        assertThat(owner.head(owner.account()).header("X-Account-Access-Control")).matches("\\{\"read-only\":\\[\"user-\\d+\"]}");
        assertThat(owner.head(owner.account()).header("X-Account-Meta-N")).isEqualTo("v");
    }
}
