package io.xloud.objectstore.api;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Bucket and object ACLs over HTTP: canned ACLs, grant headers, AccessControlPolicy documents, and who they let in. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class S3AclHttpTest
{
    private static final String ALL_USERS = "http://acs.amazonaws.com/groups/global/AllUsers";
    private static final String AUTHENTICATED = "http://acs.amazonaws.com/groups/global/AuthenticatedUsers";

    @TempDir
    static Path dataDir;

    private S3TestHost host;
    private S3TestHost.Client member;
    private S3TestHost.Client other;

    @BeforeAll
    void start()
            throws Exception
    {
        host = new S3TestHost(dataDir);
        member = host.member();
        other = host.other();
        // p2 becomes known to the object store
        assertThat(other.v4("PUT", "/s3/p2-" + UUID.randomUUID().toString().substring(0, 8)).status()).isEqualTo(200);
    }

    @AfterAll
    void stop()
            throws Exception
    {
        host.close();
    }

    private String newBucket(Map<String, String> headers)
            throws Exception
    {
        String bucket = "acl-" + UUID.randomUUID().toString().substring(0, 8);
        S3TestHost.Response created = member.v4("PUT", "/s3/" + bucket, "", headers, new byte[0], S3TestHost.REGION);
        assertThat(created.status()).as(created.body()).isEqualTo(200);
        return bucket;
    }

    private static byte[] utf8(String text)
    {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String policy(String owner, String grants)
    {
        return "<AccessControlPolicy xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"><Owner><ID>" + owner + "</ID></Owner>"
                + "<AccessControlList>" + grants + "</AccessControlList></AccessControlPolicy>";
    }

    private static String userGrant(String id, String permission)
    {
        return "<Grant><Grantee xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" xsi:type=\"CanonicalUser\"><ID>" + id
                + "</ID></Grantee><Permission>" + permission + "</Permission></Grant>";
    }

    private static String groupGrant(String uri, String permission)
    {
        return "<Grant><Grantee xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" xsi:type=\"Group\"><URI>" + uri
                + "</URI></Grantee><Permission>" + permission + "</Permission></Grant>";
    }

    // ---- bucket ACL documents

    @Test
    void newBucketIsPrivateToItsProject()
            throws Exception
    {
        String bucket = newBucket(Map.of());
        S3TestHost.Response acl = member.v4("GET", "/s3/" + bucket, "acl", new byte[0]);
        assertThat(acl.status()).isEqualTo(200);
        assertThat(acl.element("ID")).isEqualTo("p1");
        assertThat(acl.body()).contains("<Permission>FULL_CONTROL</Permission>").doesNotContain("AllUsers");
        S3TestHost.Response listed = member.v4("GET", "/s3");
        assertThat(listed.element("ID")).isEqualTo("p1");
    }

    @Test
    void cannedAclOnCreateBucketIsKept()
            throws Exception
    {
        String bucket = newBucket(Map.of("x-amz-acl", "public-read"));
        S3TestHost.Response acl = member.v4("GET", "/s3/" + bucket, "acl", new byte[0]);
        assertThat(acl.body()).contains("<URI>" + ALL_USERS + "</URI>").contains("<Permission>READ</Permission>");
    }

    @Test
    void putBucketAclWithCannedHeaderReplacesTheAcl()
            throws Exception
    {
        String bucket = newBucket(Map.of("x-amz-acl", "public-read-write"));
        S3TestHost.Response put = member.v4("PUT", "/s3/" + bucket, "acl", Map.of("x-amz-acl", "authenticated-read"), new byte[0], S3TestHost.REGION);
        assertThat(put.status()).as(put.body()).isEqualTo(200);
        String body = member.v4("GET", "/s3/" + bucket, "acl", new byte[0]).body();
        assertThat(body).contains(AUTHENTICATED).doesNotContain(ALL_USERS);
    }

    @Test
    void putBucketAclDocumentRoundTrips()
            throws Exception
    {
        String bucket = newBucket(Map.of());
        String document = policy("p1", userGrant("p1", "FULL_CONTROL") + userGrant("p2", "READ") + groupGrant(AUTHENTICATED, "READ_ACP"));
        S3TestHost.Response put = member.v4("PUT", "/s3/" + bucket, "acl", utf8(document));
        assertThat(put.status()).as(put.body()).isEqualTo(200);
        String body = member.v4("GET", "/s3/" + bucket, "acl", new byte[0]).body();
        assertThat(body).contains("<ID>p2</ID>").contains("<Permission>READ</Permission>").contains("<Permission>READ_ACP</Permission>");
    }

    @Test
    void grantHeadersOnBucket()
            throws Exception
    {
        String bucket = newBucket(Map.of());
        S3TestHost.Response put = member.v4("PUT", "/s3/" + bucket, "acl",
                Map.of("x-amz-grant-read", "id=\"p2\", uri=\"" + ALL_USERS + "\"", "x-amz-grant-full-control", "id=p1"), new byte[0], S3TestHost.REGION);
        assertThat(put.status()).as(put.body()).isEqualTo(200);
        String body = member.v4("GET", "/s3/" + bucket, "acl", new byte[0]).body();
        assertThat(body).contains("<ID>p2</ID>").contains(ALL_USERS);
    }

    @Test
    void badAclInputIsAnS3Error()
            throws Exception
    {
        String bucket = newBucket(Map.of());
        S3TestHost.Response malformed = member.v4("PUT", "/s3/" + bucket, "acl", utf8("<AccessControlPolicy><Owner>"));
        assertThat(malformed.status()).isEqualTo(400);
        assertThat(malformed.code()).isEqualTo("MalformedACLError");
        S3TestHost.Response wrongRoot = member.v4("PUT", "/s3/" + bucket, "acl", utf8("<Tagging/>"));
        assertThat(wrongRoot.code()).isEqualTo("MalformedACLError");
        S3TestHost.Response badPermission = member.v4("PUT", "/s3/" + bucket, "acl", utf8(policy("p1", userGrant("p1", "EVERYTHING"))));
        assertThat(badPermission.code()).isEqualTo("MalformedACLError");
        S3TestHost.Response unknownId = member.v4("PUT", "/s3/" + bucket, "acl", utf8(policy("p1", userGrant("nobody-here", "READ"))));
        assertThat(unknownId.status()).isEqualTo(400);
        assertThat(unknownId.code()).isEqualTo("InvalidArgument");
        S3TestHost.Response unknownHeaderId = member.v4("PUT", "/s3/" + bucket, "acl", Map.of("x-amz-grant-read", "id=nobody-here"), new byte[0],
                S3TestHost.REGION);
        assertThat(unknownHeaderId.code()).isEqualTo("InvalidArgument");
        S3TestHost.Response email = member.v4("PUT", "/s3/" + bucket, "acl", Map.of("x-amz-grant-read", "emailAddress=a@example.com"), new byte[0],
                S3TestHost.REGION);
        assertThat(email.code()).isEqualTo("InvalidArgument");
        S3TestHost.Response both = member.v4("PUT", "/s3/" + bucket, "acl", Map.of("x-amz-acl", "private", "x-amz-grant-read", "id=p2"), new byte[0],
                S3TestHost.REGION);
        assertThat(both.status()).isEqualTo(400);
        assertThat(both.code()).isEqualTo("InvalidRequest");
        S3TestHost.Response badCanned = member.v4("PUT", "/s3/" + bucket, "acl", Map.of("x-amz-acl", "world-writable"), new byte[0],
                S3TestHost.REGION);
        assertThat(badCanned.code()).isEqualTo("InvalidArgument");
        S3TestHost.Response badGroup = member.v4("PUT", "/s3/" + bucket, "acl", Map.of("x-amz-grant-read", "uri=http://example.com/everyone"),
                new byte[0], S3TestHost.REGION);
        assertThat(badGroup.code()).isEqualTo("InvalidArgument");
        S3TestHost.Response empty = member.v4("PUT", "/s3/" + bucket, "acl", new byte[0]);
        assertThat(empty.code()).isEqualTo("MalformedACLError");
        S3TestHost.Response otherOwner = member.v4("PUT", "/s3/" + bucket, "acl", utf8(policy("p2", userGrant("p1", "FULL_CONTROL"))));
        assertThat(otherOwner.status()).isEqualTo(403);
        S3TestHost.Response hostile = member.v4("PUT", "/s3/" + bucket, "acl",
                utf8("<!DOCTYPE a [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><AccessControlPolicy>&x;</AccessControlPolicy>"));
        assertThat(hostile.status()).isEqualTo(400);
        StringBuilder many = new StringBuilder();
        for (int i = 0; i < 101; i++) {
            many.append(groupGrant(ALL_USERS, "READ"));
        }
        S3TestHost.Response tooMany = member.v4("PUT", "/s3/" + bucket, "acl", utf8(policy("p1", many.toString())));
        assertThat(tooMany.status()).isEqualTo(400);
        // the ACL did not change
        assertThat(member.v4("GET", "/s3/" + bucket, "acl", new byte[0]).body()).doesNotContain(ALL_USERS);
    }

    @Test
    void createBucketRefusesCannedAndGrantsTogether()
            throws Exception
    {
        String bucket = "acl-" + UUID.randomUUID().toString().substring(0, 8);
        S3TestHost.Response created = member.v4("PUT", "/s3/" + bucket, "", Map.of("x-amz-acl", "private", "x-amz-grant-read", "id=p2"), new byte[0],
                S3TestHost.REGION);
        assertThat(created.status()).isEqualTo(400);
        assertThat(created.code()).isEqualTo("InvalidRequest");
        assertThat(member.v4("HEAD", "/s3/" + bucket).status()).isEqualTo(404);
    }

    // ---- object ACLs

    @Test
    void objectAclFromPutObjectCopyAndMultipart()
            throws Exception
    {
        String bucket = newBucket(Map.of());
        S3TestHost.Response plain = member.v4("PUT", "/s3/" + bucket + "/plain", "", utf8("x"));
        assertThat(plain.status()).isEqualTo(200);
        S3TestHost.Response plainAcl = member.v4("GET", "/s3/" + bucket + "/plain", "acl", new byte[0]);
        assertThat(plainAcl.status()).isEqualTo(200);
        assertThat(plainAcl.element("ID")).isEqualTo("p1");
        assertThat(plainAcl.body()).contains("FULL_CONTROL").doesNotContain(ALL_USERS);

        S3TestHost.Response put = member.v4("PUT", "/s3/" + bucket + "/public", "", Map.of("x-amz-acl", "public-read"), utf8("x"), S3TestHost.REGION);
        assertThat(put.status()).as(put.body()).isEqualTo(200);
        assertThat(member.v4("GET", "/s3/" + bucket + "/public", "acl", new byte[0]).body()).contains(ALL_USERS);

        S3TestHost.Response copied = member.v4("PUT", "/s3/" + bucket + "/copy", "",
                Map.of("x-amz-copy-source", bucket + "/plain", "x-amz-grant-read", "id=p2"), new byte[0], S3TestHost.REGION);
        assertThat(copied.status()).as(copied.body()).isEqualTo(200);
        assertThat(member.v4("GET", "/s3/" + bucket + "/copy", "acl", new byte[0]).body()).contains("<ID>p2</ID>");
        // a copy does not take the source's ACL
        S3TestHost.Response copiedPublic = member.v4("PUT", "/s3/" + bucket + "/copy2", "", Map.of("x-amz-copy-source", bucket + "/public"),
                new byte[0], S3TestHost.REGION);
        assertThat(copiedPublic.status()).isEqualTo(200);
        assertThat(member.v4("GET", "/s3/" + bucket + "/copy2", "acl", new byte[0]).body()).doesNotContain(ALL_USERS);

        S3TestHost.Response created = member.v4("POST", "/s3/" + bucket + "/mp", "uploads", Map.of("x-amz-acl", "authenticated-read"), new byte[0],
                S3TestHost.REGION);
        assertThat(created.status()).as(created.body()).isEqualTo(200);
        String uploadId = created.element("UploadId");
        S3TestHost.Response part = member.v4("PUT", "/s3/" + bucket + "/mp", "partNumber=1&uploadId=" + uploadId, utf8("part"));
        assertThat(part.status()).isEqualTo(200);
        String complete = "<CompleteMultipartUpload><Part><PartNumber>1</PartNumber><ETag>" + part.header("ETag").orElseThrow()
                + "</ETag></Part></CompleteMultipartUpload>";
        S3TestHost.Response completed = member.v4("POST", "/s3/" + bucket + "/mp", "uploadId=" + uploadId, utf8(complete));
        assertThat(completed.status()).as(completed.body()).isEqualTo(200);
        assertThat(member.v4("GET", "/s3/" + bucket + "/mp", "acl", new byte[0]).body()).contains(AUTHENTICATED);
    }

    @Test
    void putObjectAclKeepsTheContentAndRefusesBadInput()
            throws Exception
    {
        String bucket = newBucket(Map.of());
        member.v4("PUT", "/s3/" + bucket + "/k", "", utf8("content"));
        S3TestHost.Response put = member.v4("PUT", "/s3/" + bucket + "/k", "acl", utf8(policy("p1", userGrant("p1", "FULL_CONTROL")
                + groupGrant(ALL_USERS, "READ"))));
        assertThat(put.status()).as(put.body()).isEqualTo(200);
        assertThat(member.v4("GET", "/s3/" + bucket + "/k", "acl", new byte[0]).body()).contains(ALL_USERS);
        assertThat(member.v4("GET", "/s3/" + bucket + "/k").body()).isEqualTo("content");
        S3TestHost.Response canned = member.v4("PUT", "/s3/" + bucket + "/k", "acl", Map.of("x-amz-acl", "private"), new byte[0], S3TestHost.REGION);
        assertThat(canned.status()).isEqualTo(200);
        assertThat(member.v4("GET", "/s3/" + bucket + "/k", "acl", new byte[0]).body()).doesNotContain(ALL_USERS);

        assertThat(member.v4("PUT", "/s3/" + bucket + "/k", "acl", utf8("not xml")).code()).isEqualTo("MalformedACLError");
        assertThat(member.v4("PUT", "/s3/" + bucket + "/k", "acl", Map.of("x-amz-acl", "public-read", "x-amz-grant-write-acp", "id=p2"),
                new byte[0], S3TestHost.REGION).code()).isEqualTo("InvalidRequest");
        assertThat(member.v4("PUT", "/s3/" + bucket + "/k", "", Map.of("x-amz-grant-read", "id=ghost"), utf8("x"), S3TestHost.REGION).code())
                .isEqualTo("InvalidArgument");
        assertThat(member.v4("PUT", "/s3/" + bucket + "/missing", "acl", Map.of("x-amz-acl", "private"), new byte[0], S3TestHost.REGION).code())
                .isEqualTo("NoSuchKey");
        assertThat(member.v4("GET", "/s3/" + bucket + "/missing", "acl", new byte[0]).code()).isEqualTo("NoSuchKey");
    }

    // ---- enforcement

    private S3TestHost.Response as(S3TestHost.Client client, String method, String path, String query, Map<String, String> headers, String body)
            throws Exception
    {
        return client.v4(method, path, query, headers, utf8(body), S3TestHost.REGION);
    }

    @Test
    void privateBucketAndObjectsStayClosedToOthers()
            throws Exception
    {
        String bucket = newBucket(Map.of());
        member.v4("PUT", "/s3/" + bucket + "/k", "", utf8("secret"));
        for (S3TestHost.Response response : java.util.List.of(
                other.v4("GET", "/s3/" + bucket),
                other.v4("HEAD", "/s3/" + bucket),
                other.v4("GET", "/s3/" + bucket + "/k"),
                other.v4("GET", "/s3/" + bucket, "acl", new byte[0]),
                other.v4("GET", "/s3/" + bucket + "/k", "acl", new byte[0]),
                other.v4("PUT", "/s3/" + bucket + "/new", "", utf8("x")),
                other.v4("DELETE", "/s3/" + bucket + "/k"),
                other.v4("GET", "/s3/" + bucket + "/missing"),
                host.anonymous("GET", "/s3/" + bucket, "", new byte[0]),
                host.anonymous("GET", "/s3/" + bucket + "/k", "", new byte[0]),
                host.anonymous("PUT", "/s3/" + bucket + "/new", "", utf8("x")),
                host.anonymous("GET", "/s3", "", new byte[0]),
                host.anonymous("GET", "/s3/no-such-bucket-anywhere", "", new byte[0]))) {
            assertThat(response.status()).as(response.body()).isEqualTo(403);
        }
        assertThat(other.v4("GET", "/s3/" + bucket).code()).isEqualTo("AccessDenied");
        assertThat(host.anonymous("GET", "/s3/" + bucket, "", new byte[0]).code()).isEqualTo("AccessDenied");
        assertThat(member.v4("GET", "/s3/" + bucket + "/k").body()).isEqualTo("secret");
    }

    @Test
    void publicReadLetsAnonymousRead()
            throws Exception
    {
        String bucket = newBucket(Map.of("x-amz-acl", "public-read"));
        as(member, "PUT", "/s3/" + bucket + "/open", "", Map.of("x-amz-acl", "public-read"), "hello");
        member.v4("PUT", "/s3/" + bucket + "/closed", "", utf8("no"));
        S3TestHost.Response listed = host.anonymous("GET", "/s3/" + bucket, "list-type=2&fetch-owner=true", new byte[0]);
        assertThat(listed.status()).as(listed.body()).isEqualTo(200);
        assertThat(listed.body()).contains("<Key>open</Key>").contains("<Key>closed</Key>").contains("<ID>p1</ID>");
        S3TestHost.Response read = host.anonymous("GET", "/s3/" + bucket + "/open", "", new byte[0]);
        assertThat(read.status()).isEqualTo(200);
        assertThat(read.body()).isEqualTo("hello");
        assertThat(host.anonymous("HEAD", "/s3/" + bucket + "/open", "", new byte[0]).status()).isEqualTo(200);
        assertThat(host.anonymous("GET", "/s3/" + bucket + "/closed", "", new byte[0]).status()).isEqualTo(403);
        // a key that is not there is NoSuchKey to whoever may list the bucket
        assertThat(host.anonymous("GET", "/s3/" + bucket + "/missing", "", new byte[0]).code()).isEqualTo("NoSuchKey");
        assertThat(host.anonymous("PUT", "/s3/" + bucket + "/new", "", utf8("x")).status()).isEqualTo(403);
        assertThat(host.anonymous("DELETE", "/s3/" + bucket + "/open", "", new byte[0]).status()).isEqualTo(403);
        assertThat(host.anonymous("GET", "/s3/" + bucket, "acl", new byte[0]).status()).isEqualTo(403);
        assertThat(host.anonymous("GET", "/s3/" + bucket, "tagging", new byte[0]).status()).isEqualTo(403);
        assertThat(host.anonymous("DELETE", "/s3/" + bucket, "", new byte[0]).status()).isEqualTo(403);
        // another project reads the same way, and owns nothing more
        assertThat(other.v4("GET", "/s3/" + bucket + "/open").body()).isEqualTo("hello");
        assertThat(other.v4("GET", "/s3/" + bucket).status()).isEqualTo(200);
        assertThat(other.v4("PUT", "/s3/" + bucket + "/new", "", utf8("x")).status()).isEqualTo(403);
        assertThat(other.v4("DELETE", "/s3/" + bucket).status()).isEqualTo(403);
        assertThat(other.v4("PUT", "/s3/" + bucket, "acl", Map.of("x-amz-acl", "public-read-write"), new byte[0], S3TestHost.REGION).status())
                .isEqualTo(403);
    }

    @Test
    void publicReadWriteLetsAnonymousWrite()
            throws Exception
    {
        String bucket = newBucket(Map.of("x-amz-acl", "public-read-write"));
        S3TestHost.Response put = host.anonymous("PUT", "/s3/" + bucket + "/dropped", "", utf8("anon"));
        assertThat(put.status()).as(put.body()).isEqualTo(200);
        assertThat(member.v4("GET", "/s3/" + bucket + "/dropped").body()).isEqualTo("anon");
        assertThat(host.anonymous("DELETE", "/s3/" + bucket + "/dropped", "", new byte[0]).status()).isEqualTo(204);
        assertThat(member.v4("GET", "/s3/" + bucket + "/dropped").status()).isEqualTo(404);
    }

    @Test
    void authenticatedReadLetsAnyS3UserRead()
            throws Exception
    {
        String bucket = newBucket(Map.of("x-amz-acl", "authenticated-read"));
        as(member, "PUT", "/s3/" + bucket + "/k", "", Map.of("x-amz-acl", "authenticated-read"), "auth");
        assertThat(other.v4("GET", "/s3/" + bucket).status()).isEqualTo(200);
        assertThat(other.v4("GET", "/s3/" + bucket + "/k").body()).isEqualTo("auth");
        assertThat(host.anonymous("GET", "/s3/" + bucket, "", new byte[0]).status()).isEqualTo(403);
        assertThat(host.anonymous("GET", "/s3/" + bucket + "/k", "", new byte[0]).status()).isEqualTo(403);
    }

    @Test
    void grantsToAnotherProjectMapToOperations()
            throws Exception
    {
        String bucket = newBucket(Map.of());
        member.v4("PUT", "/s3/" + bucket + "/mine", "", utf8("p1 data"));

        // READ on the bucket: list, not write, not the ACL
        as(member, "PUT", "/s3/" + bucket, "acl", Map.of("x-amz-grant-read", "id=p2"), "");
        assertThat(other.v4("GET", "/s3/" + bucket).status()).isEqualTo(200);
        assertThat(other.v4("GET", "/s3/" + bucket + "/mine").status()).isEqualTo(403);
        assertThat(other.v4("PUT", "/s3/" + bucket + "/theirs", "", utf8("x")).status()).isEqualTo(403);
        assertThat(other.v4("GET", "/s3/" + bucket, "acl", new byte[0]).status()).isEqualTo(403);

        // WRITE: the writer owns what it writes; the bucket owner does not read it without a grant
        as(member, "PUT", "/s3/" + bucket, "acl", Map.of("x-amz-grant-write", "id=p2"), "");
        assertThat(other.v4("GET", "/s3/" + bucket).status()).isEqualTo(403);
        S3TestHost.Response written = other.v4("PUT", "/s3/" + bucket + "/theirs", "", utf8("p2 data"));
        assertThat(written.status()).as(written.body()).isEqualTo(200);
        assertThat(other.v4("GET", "/s3/" + bucket + "/theirs").body()).isEqualTo("p2 data");
        S3TestHost.Response theirAcl = other.v4("GET", "/s3/" + bucket + "/theirs", "acl", new byte[0]);
        assertThat(theirAcl.element("ID")).isEqualTo("p2");
        assertThat(member.v4("GET", "/s3/" + bucket + "/theirs").status()).isEqualTo(403);
        S3TestHost.Response shared = as(other, "PUT", "/s3/" + bucket + "/shared", "", Map.of("x-amz-acl", "bucket-owner-read"), "for p1");
        assertThat(shared.status()).isEqualTo(200);
        assertThat(member.v4("GET", "/s3/" + bucket + "/shared").body()).isEqualTo("for p1");
        assertThat(member.v4("GET", "/s3/" + bucket, "list-type=2&fetch-owner=true", new byte[0]).body()).contains("<ID>p2</ID>");
        // the bucket owner may still delete what others wrote
        assertThat(member.v4("DELETE", "/s3/" + bucket + "/theirs").status()).isEqualTo(204);

        // READ_ACP and WRITE_ACP
        as(member, "PUT", "/s3/" + bucket, "acl", Map.of("x-amz-grant-read-acp", "id=p2"), "");
        assertThat(other.v4("GET", "/s3/" + bucket, "acl", new byte[0]).status()).isEqualTo(200);
        assertThat(as(other, "PUT", "/s3/" + bucket, "acl", Map.of("x-amz-acl", "private"), "").status()).isEqualTo(403);
        as(member, "PUT", "/s3/" + bucket, "acl", Map.of("x-amz-grant-write-acp", "id=p2"), "");
        assertThat(other.v4("GET", "/s3/" + bucket, "acl", new byte[0]).status()).isEqualTo(403);
        assertThat(as(other, "PUT", "/s3/" + bucket, "acl", Map.of("x-amz-grant-full-control", "id=p2"), "").status()).isEqualTo(200);

        // FULL_CONTROL: everything the ACL maps, still nothing only the owner does
        assertThat(other.v4("GET", "/s3/" + bucket).status()).isEqualTo(200);
        assertThat(other.v4("GET", "/s3/" + bucket, "acl", new byte[0]).status()).isEqualTo(200);
        assertThat(other.v4("PUT", "/s3/" + bucket + "/more", "", utf8("x")).status()).isEqualTo(200);
        assertThat(other.v4("DELETE", "/s3/" + bucket).status()).isEqualTo(403);
        assertThat(other.v4("GET", "/s3/" + bucket, "tagging", new byte[0]).status()).isEqualTo(403);

        // object grants
        as(member, "PUT", "/s3/" + bucket + "/mine", "acl", Map.of("x-amz-grant-read-acp", "id=p2"), "");
        assertThat(other.v4("GET", "/s3/" + bucket + "/mine", "acl", new byte[0]).status()).isEqualTo(200);
        assertThat(other.v4("GET", "/s3/" + bucket + "/mine").status()).isEqualTo(403);
        as(member, "PUT", "/s3/" + bucket + "/mine", "acl", Map.of("x-amz-grant-read", "id=p2"), "");
        assertThat(other.v4("GET", "/s3/" + bucket + "/mine").body()).isEqualTo("p1 data");
        assertThat(as(other, "PUT", "/s3/" + bucket + "/mine", "acl", Map.of("x-amz-acl", "public-read"), "").status()).isEqualTo(403);
        assertThat(other.v4("GET", "/s3/" + bucket + "/mine", "tagging", new byte[0]).status()).isEqualTo(403);
    }

    @Test
    void copyFromAnotherProjectNeedsRead()
            throws Exception
    {
        String bucket = newBucket(Map.of());
        as(member, "PUT", "/s3/" + bucket + "/open", "", Map.of("x-amz-acl", "public-read"), "copy me");
        member.v4("PUT", "/s3/" + bucket + "/closed", "", utf8("no"));
        String target = "p2t-" + UUID.randomUUID().toString().substring(0, 8);
        assertThat(other.v4("PUT", "/s3/" + target).status()).isEqualTo(200);
        S3TestHost.Response copied = as(other, "PUT", "/s3/" + target + "/copy", "", Map.of("x-amz-copy-source", bucket + "/open"), "");
        assertThat(copied.status()).as(copied.body()).isEqualTo(200);
        assertThat(other.v4("GET", "/s3/" + target + "/copy").body()).isEqualTo("copy me");
        S3TestHost.Response refused = as(other, "PUT", "/s3/" + target + "/copy2", "", Map.of("x-amz-copy-source", bucket + "/closed"), "");
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.code()).isEqualTo("AccessDenied");
    }

    @Test
    void ownerIdIsTheSameEverywhere()
            throws Exception
    {
        String bucket = newBucket(Map.of());
        member.v4("PUT", "/s3/" + bucket + "/k", "", utf8("x"));
        assertThat(member.v4("GET", "/s3").element("ID")).isEqualTo("p1");
        assertThat(member.v4("GET", "/s3/" + bucket, "list-type=2&fetch-owner=true", new byte[0]).element("ID")).isEqualTo("p1");
        assertThat(member.v4("GET", "/s3/" + bucket, "", new byte[0]).element("ID")).isEqualTo("p1");
        assertThat(member.v4("GET", "/s3/" + bucket, "acl", new byte[0]).element("ID")).isEqualTo("p1");
        assertThat(member.v4("GET", "/s3/" + bucket + "/k", "acl", new byte[0]).element("ID")).isEqualTo("p1");
    }

    @Test
    void readerRoleOfTheOwnerStillCannotWrite()
            throws Exception
    {
        String bucket = newBucket(Map.of("x-amz-acl", "public-read-write"));
        // the project's own callers keep their roles' rules: the ACL does not widen them
        assertThat(host.reader().v4("GET", "/s3/" + bucket).status()).isEqualTo(200);
        assertThat(host.reader().v4("PUT", "/s3/" + bucket + "/k", "", utf8("x")).status()).isEqualTo(403);
    }

    @Test
    void browserPostFormAclField()
            throws Exception
    {
        String bucket = newBucket(Map.of());
        String policy = java.util.Base64.getEncoder().encodeToString(("""
                {"expiration": "%s", "conditions": [{"bucket": "%s"}, ["starts-with", "$key", "up/"], {"acl": "public-read"}]}"""
                .formatted(java.time.Instant.now().plusSeconds(600), bucket)).getBytes(StandardCharsets.UTF_8));
        String boundary = "----xloud" + UUID.randomUUID();
        StringBuilder form = new StringBuilder();
        Map<String, String> fields = new java.util.LinkedHashMap<>();
        fields.put("key", "up/posted");
        fields.put("acl", "public-read");
        fields.put("AWSAccessKeyId", S3TestHost.MEMBER);
        fields.put("policy", policy);
        fields.put("signature", io.xloud.objectstore.s3.SignatureV2.sign(S3TestHost.SECRET, policy));
        fields.forEach((name, value) -> form.append("--").append(boundary).append("\r\n")
                .append("Content-Disposition: form-data; name=\"").append(name).append("\"\r\n\r\n").append(value).append("\r\n"));
        form.append("--").append(boundary).append("\r\nContent-Disposition: form-data; name=\"file\"; filename=\"f.txt\"\r\n")
                .append("Content-Type: text/plain\r\n\r\nposted\r\n--").append(boundary).append("--\r\n");
        S3TestHost.Response posted = member.send("POST", "/s3/" + bucket, "", Map.of("Content-Type", "multipart/form-data; boundary=" + boundary),
                utf8(form.toString()));
        assertThat(posted.status()).as(posted.body()).isEqualTo(204);
        assertThat(host.anonymous("GET", "/s3/" + bucket + "/up/posted", "", new byte[0]).body()).isEqualTo("posted");
    }

    @Test
    void oversizedAndConcurrentAclWrites()
            throws Exception
    {
        String bucket = newBucket(Map.of());
        String padding = "<!--" + "x".repeat(200_000) + "-->";
        S3TestHost.Response oversized = member.v4("PUT", "/s3/" + bucket, "acl", utf8(policy("p1", userGrant("p1", "FULL_CONTROL")) + padding));
        assertThat(oversized.status()).as(oversized.body()).isEqualTo(400);
        assertThat(oversized.body()).contains("<Error>");
        S3TestHost.Response longHeader = member.v4("PUT", "/s3/" + bucket, "acl", Map.of("x-amz-grant-read", "id=" + "a".repeat(300)), new byte[0],
                S3TestHost.REGION);
        assertThat(longHeader.code()).isEqualTo("InvalidArgument");

        java.util.List<String> canned = java.util.List.of("private", "public-read", "public-read-write", "authenticated-read");
        java.util.List<java.util.concurrent.Future<S3TestHost.Response>> answers = new java.util.ArrayList<>();
        try (var executor = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 12; i++) {
                String acl = canned.get(i % canned.size());
                answers.add(executor.submit(() -> member.v4("PUT", "/s3/" + bucket, "acl", Map.of("x-amz-acl", acl), new byte[0], S3TestHost.REGION)));
            }
        }
        for (var answer : answers) {
            assertThat(answer.get().status()).as(answer.get().body()).isEqualTo(200);
        }
        S3TestHost.Response acl = member.v4("GET", "/s3/" + bucket, "acl", new byte[0]);
        assertThat(acl.status()).isEqualTo(200);
        assertThat(acl.element("ID")).isEqualTo("p1");
    }
}
