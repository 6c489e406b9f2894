package io.xloud.testing.objectstore;

import io.xloud.testing.Http;
import io.xloud.testing.TestServer;
import io.xloud.testing.objectstore.SwiftClient.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Who may reach what: owners, other projects, anonymous callers, container ACLs, quotas, TempURL and FormPost. */
class SwiftAccessTest
{
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

    private static String container()
    {
        return owner.newContainer();
    }

    @Test
    void anotherProjectsAccountIsForbiddenAndNoTokenIsUnauthorized()
    {
        String container = container();
        owner.put(container + "/o", "secret");
        assertThat(other.get(owner.account()).status()).isEqualTo(403);
        assertThat(other.get(container + "/o").status()).isEqualTo(403);
        assertThat(other.put(container + "/o", "overwrite").status()).isEqualTo(403);
        assertThat(other.delete(container + "/o").status()).isEqualTo(403);
        assertThat(owner.anonymous().get(container + "/o").status()).isEqualTo(401);
        assertThat(owner.anonymous().put(container + "/o", "x").status()).isEqualTo(401);
        assertThat(owner.withToken("not-a-token").get(container + "/o").status()).isEqualTo(401);
        assertThat(owner.get(container + "/o").text()).isEqualTo("secret");
    }

    @Test
    void readersReadButDoNotWrite()
    {
        SwiftClient reader = SwiftClient.newProjectUser(server, admin, "reader");
        String path = reader.account() + "/c";
        assertThat(reader.put(path, null).status()).isEqualTo(403);
        assertThat(reader.get(reader.account()).status()).isEqualTo(204);
    }

    @Test
    void theAdminRoleOperatesItsOwnProjectsAccount()
    {
        SwiftClient projectAdmin = SwiftClient.newProjectUser(server, admin, "admin");
        String container = projectAdmin.account() + "/mine";
        assertThat(projectAdmin.put(container, null).status()).isEqualTo(201);
        assertThat(projectAdmin.put(container + "/o", "x").status()).isEqualTo(201);
        assertThat(projectAdmin.post(projectAdmin.account(), "X-Account-Meta-Color", "blue").status()).isEqualTo(204);
        assertThat(projectAdmin.get(projectAdmin.account()).text()).isEqualTo("mine\n");
    }

    @Test
    void theAdminRoleOfAnotherProjectIsForbiddenAnotherAccount()
    {
        String container = container();
        owner.put(container + "/o", "secret");
        SwiftClient projectAdmin = owner.withToken(SwiftClient.newProjectUser(server, admin, "admin").token());
        assertThat(projectAdmin.get(owner.account()).status()).isEqualTo(403);
        assertThat(projectAdmin.head(owner.account()).status()).isEqualTo(403);
        assertThat(projectAdmin.post(owner.account(), "X-Account-Meta-Color", "red").status()).isEqualTo(403);
        assertThat(projectAdmin.get(container + "/o").status()).isEqualTo(403);
        assertThat(projectAdmin.put(container + "/o", "overwritten").status()).isEqualTo(403);
        assertThat(projectAdmin.delete(container + "/o").status()).isEqualTo(403);
        assertThat(projectAdmin.put(owner.account() + "/planted", null).status()).isEqualTo(403);
        assertThat(projectAdmin.delete(container).status()).isEqualTo(403);
        assertThat(owner.get(container + "/o").text()).isEqualTo("secret");
        assertThat(owner.head(owner.account() + "/planted").status()).isEqualTo(404);
    }

    @Test
    void theCloudAdminIsNoResellerAdmin()
    {
        String container = container();
        owner.put(container + "/o", "secret");
        SwiftClient cloudAdmin = owner.withToken(admin.token().orElseThrow());
        assertThat(cloudAdmin.get(container + "/o").status()).isEqualTo(403);
        assertThat(cloudAdmin.get(owner.account()).status()).isEqualTo(403);
    }

    @Test
    void accountsOfProjectsThatDoNotExistAreForbiddenToAdmins()
    {
        String nowhere = "/object-store/v1/AUTH_" + UUID.randomUUID().toString().replace("-", "");
        SwiftClient cloudAdmin = owner.withToken(admin.token().orElseThrow());
        assertThat(cloudAdmin.put(nowhere + "/planted", null).status()).isEqualTo(403);
        assertThat(cloudAdmin.get(nowhere).status()).isEqualTo(403);
        assertThat(owner.put(nowhere + "/planted", null).status()).isEqualTo(403);
    }

    @Test
    void resellerAdminsReachEveryAccount()
    {
        String container = container();
        owner.put(container + "/o", "x");
        SwiftClient reseller = owner.withToken(SwiftClient.newProjectUser(server, admin, "ResellerAdmin").token());
        assertThat(reseller.get(container + "/o").text()).isEqualTo("x");
        assertThat(reseller.put(container + "/by-reseller", "y").status()).isEqualTo(201);
        assertThat(reseller.get(owner.account()).status()).isEqualTo(200);
    }

    @Test
    void aContainerAclLetsTheAdminOfAnotherProjectIn()
    {
        String container = container();
        owner.put(container + "/o", "shared");
        SwiftClient projectAdmin = SwiftClient.newProjectUser(server, admin, "admin");
        owner.post(container, "X-Container-Read", projectAdmin.projectId + ":*");
        SwiftClient granted = owner.withToken(projectAdmin.token());
        assertThat(granted.get(container + "/o").text()).isEqualTo("shared");
        assertThat(granted.put(container + "/o", "no").status()).isEqualTo(403);
    }

    @Test
    void readAclGrantsAnotherProject()
    {
        String container = container();
        owner.put(container + "/o", "shared");
        assertThat(other.get(container + "/o").status()).isEqualTo(403);
        owner.post(container, "X-Container-Read", other.projectId + ":*");
        assertThat(other.get(container + "/o").text()).isEqualTo("shared");
        assertThat(other.get(container).text()).isEqualTo("o\n");
        assertThat(other.put(container + "/o", "no").status()).isEqualTo(403);
        assertThat(owner.head(container).header("X-Container-Read")).isEqualTo(other.projectId + ":*");
        owner.post(container, "X-Container-Read", other.projectName + ":" + other.userName);
        assertThat(other.get(container + "/o").status()).isEqualTo(200);
        owner.post(container, "X-Container-Read", "badtenant:baduser");
        assertThat(other.get(container + "/o").status()).isEqualTo(403);
    }

    @Test
    void writeAclGrantsWritesOnly()
    {
        String container = container();
        owner.post(container, "X-Container-Write", other.projectId + ":" + other.userId);
        assertThat(other.put(container + "/w", "written by other").status()).isEqualTo(201);
        assertThat(owner.get(container + "/w").text()).isEqualTo("written by other");
        assertThat(other.get(container + "/w").status()).isEqualTo(403);
        assertThat(other.post(container, "X-Container-Read", ".r:*").status()).isEqualTo(403);
        assertThat(owner.post(container, "X-Container-Write", ".r:*").status()).isEqualTo(400);
    }

    @Test
    void publicContainersServeAnonymousReads()
    {
        String container = container();
        owner.put(container + "/page", "public page");
        owner.post(container, "X-Container-Read", ".r:*");
        SwiftClient anonymous = owner.anonymous();
        assertThat(anonymous.get(container + "/page").text()).isEqualTo("public page");
        assertThat(anonymous.get(container).status()).isEqualTo(401);
        owner.post(container, "X-Container-Read", ".r:*,.rlistings");
        assertThat(anonymous.get(container).text()).isEqualTo("page\n");
        assertThat(anonymous.put(container + "/page", "no").status()).isEqualTo(401);
    }

    @Test
    void containerQuotas()
    {
        String container = container();
        owner.post(container, "X-Container-Meta-Quota-Bytes", "10", "X-Container-Meta-Quota-Count", "2");
        assertThat(owner.put(container + "/a", "12345").status()).isEqualTo(201);
        Response over = owner.put(container + "/b", "1234567");
        assertThat(over.status()).isEqualTo(413);
        assertThat(over.text()).isEqualTo("Upload exceeds quota.");
        assertThat(owner.put(container + "/b", "1").status()).isEqualTo(201);
        assertThat(owner.put(container + "/c", "").status()).isEqualTo(413);
        assertThat(owner.head(container).header("X-Container-Bytes-Used")).isEqualTo("6");
        assertThat(owner.post(container, "X-Container-Meta-Quota-Bytes", "lots").status()).isEqualTo(400);
    }

    @Test
    void accountQuotasAreSetByAResellerAdminOnly()
    {
        SwiftClient account = SwiftClient.newProjectUser(server, admin, "member");
        SwiftClient reseller = account.withToken(SwiftClient.newProjectUser(server, admin, "ResellerAdmin").token());
        assertThat(account.post(account.account(), "X-Account-Meta-Quota-Bytes", "20").status()).isEqualTo(403);
        assertThat(reseller.post(account.account(), "X-Account-Meta-Quota-Bytes", "20").status()).isEqualTo(204);
        account.put(account.account() + "/q", null);
        assertThat(account.put(account.account() + "/q/a", "x".repeat(15)).status()).isEqualTo(201);
        assertThat(account.put(account.account() + "/q/b", "x".repeat(15)).status()).isEqualTo(413);
        assertThat(reseller.post(account.account(), "X-Remove-Account-Meta-Quota-Bytes", "x").status()).isEqualTo(204);
        assertThat(account.put(account.account() + "/q/b", "x".repeat(15)).status()).isEqualTo(201);
    }

    @Test
    void tempUrlsSignOneMethodOnOneObject()
            throws Exception
    {
        String container = container();
        owner.put(container + "/t", "temporary");
        owner.post(owner.account(), "X-Account-Meta-Temp-URL-Key", "secret");
        long expires = System.currentTimeMillis() / 1000 + 600;
        String objectPath = container + "/t";
        for (String algorithm : new String[] {"HmacSHA1", "HmacSHA256", "HmacSHA512"}) {
            String signature = hmac(algorithm, "secret", "GET\n" + expires + "\n" + objectPath);
            Response get = owner.anonymous().get(objectPath + "?temp_url_sig=" + signature + "&temp_url_expires=" + expires);
            assertThat(get.status()).as(algorithm).isEqualTo(200);
            assertThat(get.text()).isEqualTo("temporary");
            assertThat(get.header("Content-Disposition")).startsWith("attachment; filename=\"t\"");
        }
        String v1Path = objectPath.substring("/object-store".length());
        String v1Signature = hmac("HmacSHA256", "secret", "GET\n" + expires + "\n" + v1Path);
        assertThat(owner.anonymous().get(objectPath + "?temp_url_sig=" + v1Signature + "&temp_url_expires=" + expires + "&inline")
                .header("Content-Disposition")).isEqualTo("inline");
        String getSignature = hmac("HmacSHA256", "secret", "GET\n" + expires + "\n" + objectPath);
        assertThat(owner.anonymous().put(objectPath + "?temp_url_sig=" + getSignature + "&temp_url_expires=" + expires, "x").status()).isEqualTo(401);
        String putSignature = hmac("HmacSHA256", "secret", "PUT\n" + expires + "\n" + objectPath);
        assertThat(owner.anonymous().put(objectPath + "?temp_url_sig=" + putSignature + "&temp_url_expires=" + expires, "replaced").status())
                .isEqualTo(201);
        assertThat(owner.get(objectPath).text()).isEqualTo("replaced");
        long past = System.currentTimeMillis() / 1000 - 1;
        String expired = hmac("HmacSHA256", "secret", "GET\n" + past + "\n" + objectPath);
        assertThat(owner.get(objectPath + "?temp_url_sig=" + expired + "&temp_url_expires=" + past).status()).isEqualTo(401);
        String wrongKey = hmac("HmacSHA256", "other", "GET\n" + expires + "\n" + objectPath);
        assertThat(owner.anonymous().get(objectPath + "?temp_url_sig=" + wrongKey + "&temp_url_expires=" + expires).status()).isEqualTo(401);
    }

    @Test
    void formPostUploadsSignedFiles()
            throws Exception
    {
        String container = container();
        owner.post(owner.account(), "X-Account-Meta-Temp-URL-Key", "formkey");
        long expires = System.currentTimeMillis() / 1000 + 600;
        String path = container + "/upload-";
        String signature = hmac("HmacSHA1", "formkey", path + "\n\n1024\n2\n" + expires);
        String boundary = "xyzBOUNDARYzyx";
        String body = field(boundary, "redirect", "") + field(boundary, "max_file_size", "1024") + field(boundary, "max_file_count", "2")
                + field(boundary, "expires", Long.toString(expires)) + field(boundary, "signature", signature)
                + "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file1\"; filename=\"one.txt\"\r\nContent-Type: text/plain\r\n\r\n"
                + "first file\r\n--" + boundary + "\r\n"
                + "Content-Disposition: form-data; name=\"file2\"; filename=\"two.txt\"\r\n\r\nsecond\r\n--" + boundary + "--\r\n";
        Response post = owner.anonymous().send("POST", path, body.getBytes(StandardCharsets.UTF_8), "Content-Type",
                "multipart/form-data; boundary=" + boundary);
        assertThat(post.status()).as(post.text()).isEqualTo(201);
        assertThat(owner.get(container + "/upload-one.txt").text()).isEqualTo("first file");
        assertThat(owner.get(container + "/upload-two.txt").text()).isEqualTo("second");
        String bad = body.replace(signature, "0".repeat(40));
        Response invalid = owner.anonymous().send("POST", path, bad.getBytes(StandardCharsets.UTF_8), "Content-Type",
                "multipart/form-data; boundary=" + boundary);
        assertThat(invalid.status()).isEqualTo(401);
        assertThat(invalid.text()).contains("FormPost: Invalid Signature");
    }

    @Test
    void formPostWithAnOversizedFieldIsRefused()
    {
        String container = container();
        String boundary = "xyzBOUNDARYzyx";
        String body = field(boundary, "redirect", "x".repeat(9000)) + field(boundary, "expires", "1")
                + "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"f\"\r\n\r\nf\r\n--" + boundary + "--\r\n";
        Response post = owner.anonymous().send("POST", container + "/upload-", body.getBytes(StandardCharsets.UTF_8), "Content-Type",
                "multipart/form-data; boundary=" + boundary);
        assertThat(post.status()).isEqualTo(400);
        assertThat(post.text()).contains("FormPost: max_value_size exceeded");
    }

    @Test
    void formPostThatIsNotMultipartIsRefused()
    {
        String container = container();
        Response post = owner.anonymous().send("POST", container + "/upload-", "--b\r\ngarbage without headers end".getBytes(StandardCharsets.UTF_8),
                "Content-Type", "multipart/form-data; boundary=b");
        assertThat(post.status()).isEqualTo(400);
        assertThat(post.text()).contains("FormPost: invalid multipart body");
    }

    private static String field(String boundary, String name, String value)
    {
        return "--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\"\r\n\r\n" + value + "\r\n";
    }

    static String hmac(String algorithm, String key, String body)
            throws Exception
    {
        Mac mac = Mac.getInstance(algorithm);
        mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), algorithm));
        return HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
    }
}
