package io.xloud.core.http;

import io.xloud.core.error.ApiException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RouterTest
{
    private static final Handler NOTHING = exchange -> {};

    private final Router router = Router.builder()
            .route("GET", "/v3/users", "list", NOTHING)
            .route("GET", "/v3/users/{user_id}", "get", NOTHING)
            .route("DELETE", "/v3/users/{user_id}", "delete", NOTHING)
            .route("GET", "/v3/users/{user_id}/groups", "groups", NOTHING)
            .route("GET", "/v3/users/me", "me", NOTHING)
            .route("GET", "/v1/{account}/{container}/{object+}", "object", NOTHING)
            .build();

    @Test
    void literalSegmentsWinOverParameters()
    {
        assertThat(router.match("GET", "/v3/users/me").route().policy()).hasValue("me");
        assertThat(router.match("GET", "/v3/users/abc").route().policy()).hasValue("get");
        assertThat(router.match("GET", "/v3/users/abc").pathParameters()).containsEntry("user_id", "abc");
    }

    @Test
    void trailingSlashIsIgnored()
    {
        assertThat(router.match("GET", "/v3/users/").route().policy()).hasValue("list");
    }

    @Test
    void parametersArePercentDecoded()
    {
        assertThat(router.match("GET", "/v3/users/caf%C3%A9").pathParameters()).containsEntry("user_id", "caf\u00e9");
        assertThat(router.match("GET", "/v3/users/100%25").pathParameters()).containsEntry("user_id", "100%");
        assertThat(router.match("GET", "/v3/users/bad%zz").pathParameters()).containsEntry("user_id", "bad%zz");
    }

    @Test
    void restParameterKeepsSlashesDotsAndEmptySegments()
    {
        assertThat(router.match("GET", "/v1/AUTH_x/c/a//b/../c%2Fd").pathParameters())
                .containsEntry("object", "a//b/../c/d")
                .containsEntry("container", "c");
    }

    @Test
    void unknownPathIs404AndWrongMethodIs405WithAllow()
    {
        assertThatThrownBy(() -> router.match("GET", "/v3/nothing"))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(404));
        assertThatThrownBy(() -> router.match("PATCH", "/v3/users/abc"))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.status()).isEqualTo(405);
                    assertThat(e.headers()).containsEntry("Allow", "DELETE, GET");
                });
    }

    @Test
    void headFallsBackToGet()
    {
        assertThat(router.match("HEAD", "/v3/users").route().policy()).hasValue("list");
    }

    @Test
    void duplicateAndConflictingRoutesAreRejected()
    {
        assertThatThrownBy(() -> Router.builder().route("GET", "/a/{x}", "p", NOTHING).route("GET", "/a/{x}", "p", NOTHING))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Router.builder().route("GET", "/a/{x}", "p", NOTHING).route("GET", "/a/{y}/b", "p", NOTHING))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
