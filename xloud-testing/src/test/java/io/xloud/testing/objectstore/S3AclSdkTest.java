package io.xloud.testing.objectstore;

import io.xloud.core.json.Json;
import io.xloud.testing.Http;
import io.xloud.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.AccessControlPolicy;
import software.amazon.awssdk.services.s3.model.BucketCannedACL;
import software.amazon.awssdk.services.s3.model.GetBucketAclResponse;
import software.amazon.awssdk.services.s3.model.Grant;
import software.amazon.awssdk.services.s3.model.Grantee;
import software.amazon.awssdk.services.s3.model.ObjectCannedACL;
import software.amazon.awssdk.services.s3.model.Owner;
import software.amazon.awssdk.services.s3.model.Permission;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.Type;

import java.net.URI;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** S3 ACLs through the AWS SDK for Java v2: two users in two projects, and anonymous requests. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class S3AclSdkTest
{
    private TestServer server;
    private Http admin;
    private String p1;
    private String p2;
    private S3Client one;
    private S3Client two;
    private S3Client anonymous;

    @BeforeAll
    void start()
    {
        server = TestServer.start(Map.of("s3_listen", "127.0.0.1:0"));
        admin = server.admin();
        String[] first = credential();
        String[] second = credential();
        p1 = first[0];
        p2 = second[0];
        one = S3ApiTest.client(first[1], first[2], server.baseUrl() + "/s3");
        two = S3ApiTest.client(second[1], second[2], server.baseUrl() + "/s3");
        anonymous = S3Client.builder().endpointOverride(URI.create(server.baseUrl() + "/s3")).region(Region.of("RegionOne"))
                .credentialsProvider(AnonymousCredentialsProvider.create()).forcePathStyle(true).build();
        // p2 becomes known to the object store
        two.createBucket(b -> b.bucket("sdk-p2-" + UUID.randomUUID().toString().substring(0, 8)));
    }

    @AfterAll
    void stop()
    {
        one.close();
        two.close();
        anonymous.close();
        server.close();
    }

    /** A member of a new project with an EC2 credential: project id, access, secret. */
    private String[] credential()
    {
        String suffix = UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        String projectId = admin.post("/identity/v3/projects", """
                {"project": {"name": "acl-%s", "domain_id": "default"}}""".formatted(suffix)).json().path("project").path("id").asText();
        String password = "Secret-" + suffix;
        String userId = admin.post("/identity/v3/users", """
                {"user": {"name": "acl-%s", "password": %s, "domain_id": "default"}}""".formatted(suffix, Json.string(password)))
                .json().path("user").path("id").asText();
        String roleId = admin.get("/identity/v3/roles?name=member").json().path("roles").get(0).path("id").asText();
        admin.put("/identity/v3/projects/" + projectId + "/users/" + userId + "/roles/" + roleId, null);
        Http http = server.http();
        http.login("acl-" + suffix, password, "acl-" + suffix);
        var ec2 = http.post("/identity/v3/users/" + userId + "/credentials/OS-EC2", "{\"tenant_id\": %s}".formatted(Json.string(projectId)))
                .json().path("credential");
        return new String[] {projectId, ec2.path("access").asText(), ec2.path("secret").asText()};
    }

    private static int status(Runnable call)
    {
        try {
            call.run();
            return 200;
        }
        catch (S3Exception e) {
            return e.statusCode();
        }
    }

    @Test
    void cannedAclsAndAnonymousReads()
    {
        String bucket = "sdk-acl-" + UUID.randomUUID().toString().substring(0, 8);
        one.createBucket(b -> b.bucket(bucket).acl(BucketCannedACL.PUBLIC_READ));
        one.putObject(b -> b.bucket(bucket).key("open").acl(ObjectCannedACL.PUBLIC_READ), RequestBody.fromString("hello"));
        one.putObject(b -> b.bucket(bucket).key("closed"), RequestBody.fromString("no"));

        GetBucketAclResponse acl = one.getBucketAcl(b -> b.bucket(bucket));
        assertThat(acl.owner().id()).isEqualTo(p1);
        assertThat(one.listBuckets().owner().id()).isEqualTo(p1);
        assertThat(one.listObjectsV2(b -> b.bucket(bucket).fetchOwner(true)).contents().getFirst().owner().id()).isEqualTo(p1);
        assertThat(one.getObjectAcl(b -> b.bucket(bucket).key("open")).owner().id()).isEqualTo(p1);
        assertThat(acl.grants()).anyMatch(grant -> grant.grantee().type() == Type.GROUP && grant.permission() == Permission.READ);

        assertThat(anonymous.listObjectsV2(b -> b.bucket(bucket)).contents()).hasSize(2);
        assertThat(anonymous.getObjectAsBytes(b -> b.bucket(bucket).key("open")).asUtf8String()).isEqualTo("hello");
        assertThat(status(() -> anonymous.getObjectAsBytes(b -> b.bucket(bucket).key("closed")))).isEqualTo(403);
        assertThat(status(() -> anonymous.putObject(b -> b.bucket(bucket).key("x"), RequestBody.fromString("x")))).isEqualTo(403);
        assertThat(status(() -> two.putObject(b -> b.bucket(bucket).key("x"), RequestBody.fromString("x")))).isEqualTo(403);

        one.putBucketAcl(b -> b.bucket(bucket).acl(BucketCannedACL.PUBLIC_READ_WRITE));
        assertThat(status(() -> anonymous.putObject(b -> b.bucket(bucket).key("anon"), RequestBody.fromString("x")))).isEqualTo(200);

        one.putBucketAcl(b -> b.bucket(bucket).acl(BucketCannedACL.AUTHENTICATED_READ));
        assertThat(status(() -> anonymous.listObjectsV2(b -> b.bucket(bucket)))).isEqualTo(403);
        assertThat(two.listObjectsV2(b -> b.bucket(bucket)).contents()).isNotEmpty();
    }

    @Test
    void grantsToAnotherProject()
    {
        String bucket = "sdk-grant-" + UUID.randomUUID().toString().substring(0, 8);
        one.createBucket(b -> b.bucket(bucket));
        assertThat(status(() -> two.listObjectsV2(b -> b.bucket(bucket)))).isEqualTo(403);

        AccessControlPolicy policy = AccessControlPolicy.builder()
                .owner(Owner.builder().id(p1).build())
                .grants(Grant.builder().grantee(Grantee.builder().type(Type.CANONICAL_USER).id(p1).build()).permission(Permission.FULL_CONTROL).build(),
                        Grant.builder().grantee(Grantee.builder().type(Type.CANONICAL_USER).id(p2).build()).permission(Permission.WRITE).build(),
                        Grant.builder().grantee(Grantee.builder().type(Type.CANONICAL_USER).id(p2).build()).permission(Permission.READ_ACP).build())
                .build();
        one.putBucketAcl(b -> b.bucket(bucket).accessControlPolicy(policy));
        assertThat(one.getBucketAcl(b -> b.bucket(bucket)).grants()).hasSize(3);

        two.putObject(b -> b.bucket(bucket).key("from-p2").acl(ObjectCannedACL.BUCKET_OWNER_FULL_CONTROL), RequestBody.fromString("p2"));
        assertThat(two.getObjectAcl(b -> b.bucket(bucket).key("from-p2")).owner().id()).isEqualTo(p2);
        assertThat(one.getObjectAsBytes(b -> b.bucket(bucket).key("from-p2")).asUtf8String()).isEqualTo("p2");
        assertThat(two.getBucketAcl(b -> b.bucket(bucket)).owner().id()).isEqualTo(p1);
        assertThat(status(() -> two.listObjectsV2(b -> b.bucket(bucket)))).isEqualTo(403);
        assertThat(status(() -> two.putBucketAcl(b -> b.bucket(bucket).acl(BucketCannedACL.PRIVATE)))).isEqualTo(403);
        assertThat(status(() -> two.deleteBucket(b -> b.bucket(bucket)))).isEqualTo(403);

        one.putBucketAcl(b -> b.bucket(bucket).grantRead("id=" + p2));
        assertThat(two.listObjectsV2(b -> b.bucket(bucket)).contents()).hasSize(1);

        assertThatThrownBy(() -> one.putBucketAcl(b -> b.bucket(bucket).grantRead("id=not-a-project")))
                .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidArgument"));
        assertThatThrownBy(() -> one.putBucketAcl(b -> b.bucket(bucket).acl(BucketCannedACL.PRIVATE).grantRead("id=" + p2)))
                .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidRequest"));
    }
}
