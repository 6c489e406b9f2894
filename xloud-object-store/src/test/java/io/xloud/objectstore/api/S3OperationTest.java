package io.xloud.objectstore.api;

import io.xloud.core.error.ApiException;
import io.xloud.core.policy.PolicyEngine;
import io.xloud.objectstore.s3.S3ErrorCode;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class S3OperationTest
{
    private static S3Operation of(String method, boolean bucket, boolean key, boolean copySource, String... query)
    {
        Set<String> parameters = Set.of(query);
        return S3Operation.of(method, bucket, key, parameters::contains, copySource, false);
    }

    @Test
    void tellsOperationsByMethodPathAndSubresource()
    {
        assertThat(of("GET", false, false, false)).isEqualTo(S3Operation.LIST_BUCKETS);
        assertThat(of("PUT", true, false, false)).isEqualTo(S3Operation.CREATE_BUCKET);
        assertThat(of("GET", true, false, false)).isEqualTo(S3Operation.LIST_OBJECTS);
        assertThat(of("GET", true, false, false, "list-type")).isEqualTo(S3Operation.LIST_OBJECTS_V2);
        assertThat(of("GET", true, false, false, "location")).isEqualTo(S3Operation.GET_BUCKET_LOCATION);
        assertThat(of("GET", true, false, false, "uploads")).isEqualTo(S3Operation.LIST_MULTIPART_UPLOADS);
        assertThat(of("POST", true, false, false, "delete")).isEqualTo(S3Operation.DELETE_OBJECTS);
        assertThat(S3Operation.of("POST", true, false, name -> false, false, true)).isEqualTo(S3Operation.POST_OBJECT);
        assertThat(of("PUT", true, true, false)).isEqualTo(S3Operation.PUT_OBJECT);
        assertThat(of("PUT", true, true, true)).isEqualTo(S3Operation.COPY_OBJECT);
        assertThat(of("PUT", true, true, false, "partNumber", "uploadId")).isEqualTo(S3Operation.UPLOAD_PART);
        assertThat(of("PUT", true, true, true, "partNumber", "uploadId")).isEqualTo(S3Operation.UPLOAD_PART_COPY);
        assertThat(of("POST", true, true, false, "uploads")).isEqualTo(S3Operation.CREATE_MULTIPART_UPLOAD);
        assertThat(of("POST", true, true, false, "uploadId")).isEqualTo(S3Operation.COMPLETE_MULTIPART_UPLOAD);
        assertThat(of("DELETE", true, true, false, "uploadId")).isEqualTo(S3Operation.ABORT_MULTIPART_UPLOAD);
        assertThat(of("GET", true, true, false, "uploadId")).isEqualTo(S3Operation.LIST_PARTS);
        assertThat(of("HEAD", true, true, false)).isEqualTo(S3Operation.HEAD_OBJECT);
        assertThat(of("DELETE", true, true, false)).isEqualTo(S3Operation.DELETE_OBJECT);
        assertThat(of("GET", true, false, false, "object-lock")).isEqualTo(S3Operation.GET_BUCKET_OBJECT_LOCK_CONFIGURATION);
        assertThat(of("GET", true, true, false, "retention")).isEqualTo(S3Operation.GET_OBJECT_RETENTION);
        assertThat(of("PUT", true, true, false, "retention")).isEqualTo(S3Operation.PUT_OBJECT_RETENTION);
        assertThat(of("GET", true, true, false, "legal-hold")).isEqualTo(S3Operation.GET_OBJECT_LEGAL_HOLD);
        assertThat(of("PUT", true, true, false, "legal-hold")).isEqualTo(S3Operation.PUT_OBJECT_LEGAL_HOLD);
    }

    @Test
    void refusesWhatIsNotServed()
    {
        assertThatThrownBy(() -> of("PUT", false, false, false)).isInstanceOf(ApiException.class)
                .satisfies(e -> assertThat(((ApiException) e).code()).isEqualTo(S3ErrorCode.METHOD_NOT_ALLOWED));
        assertThatThrownBy(() -> of("GET", true, false, false, "website")).isInstanceOf(ApiException.class)
                .satisfies(e -> assertThat(((ApiException) e).code()).isEqualTo(S3ErrorCode.NOT_IMPLEMENTED));
        assertThatThrownBy(() -> of("PUT", true, false, false, "object-lock")).isInstanceOf(ApiException.class)
                .satisfies(e -> assertThat(((ApiException) e).code()).isEqualTo(S3ErrorCode.NOT_IMPLEMENTED));
        assertThatThrownBy(() -> of("DELETE", true, true, false, "retention")).isInstanceOf(ApiException.class)
                .satisfies(e -> assertThat(((ApiException) e).code()).isEqualTo(S3ErrorCode.METHOD_NOT_ALLOWED));
        assertThatThrownBy(() -> of("POST", true, false, false)).isInstanceOf(ApiException.class)
                .satisfies(e -> assertThat(((ApiException) e).code()).isEqualTo(S3ErrorCode.MALFORMED_POST_REQUEST));
    }

    @Test
    void readersReadMembersWriteAndOtherProjectsNothing()
    {
        PolicyEngine engine = new PolicyEngine(S3Policies.defaults(), Map.of());
        Map<String, Object> target = Map.of("project_id", "p1");
        Map<String, Object> reader = Map.of("user_id", "u", "roles", List.of("reader"), "project_id", "p1");
        Map<String, Object> member = Map.of("user_id", "u", "roles", List.of("member", "reader"), "project_id", "p1");
        Map<String, Object> stranger = Map.of("user_id", "u", "roles", List.of("member", "reader"), "project_id", "p2");

        for (S3Operation operation : S3Operation.values()) {
            assertThat(engine.ruleNames()).contains(operation.rule());
            assertThat(engine.enforce(operation.rule(), member, target)).as(operation.name()).isTrue();
            assertThat(engine.enforce(operation.rule(), stranger, target)).as(operation.name()).isFalse();
        }
        assertThat(engine.enforce(S3Operation.GET_OBJECT.rule(), reader, target)).isTrue();
        assertThat(engine.enforce(S3Operation.LIST_BUCKETS.rule(), reader, target)).isTrue();
        assertThat(engine.enforce(S3Operation.PUT_OBJECT.rule(), reader, target)).isFalse();
        assertThat(engine.enforce(S3Operation.DELETE_BUCKET.rule(), reader, target)).isFalse();
        assertThat(engine.enforce(S3Module.ROUTE_RULE, reader, target)).isTrue();
    }
}
