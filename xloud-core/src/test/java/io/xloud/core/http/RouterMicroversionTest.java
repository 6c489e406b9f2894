package io.xloud.core.http;

import io.xloud.core.error.ApiException;
import io.xloud.core.microversion.Microversion;
import io.xloud.core.microversion.MicroversionRange;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RouterMicroversionTest
{
    private static final Handler NOTHING = exchange -> {};

    private final Router router = Router.builder()
            .route("GET", "/v2.1/servers/{server_id}", "show", NOTHING)
            .until("2.46").route("GET", "/v2.1/flavors/{flavor_id}", "flavor-old", NOTHING)
            .since("2.47").route("GET", "/v2.1/flavors/{flavor_id}", "flavor-new", NOTHING)
            .since("2.78").route("GET", "/v2.1/servers/{server_id}/topology", "topology", NOTHING)
            .build();

    @Test
    void routeWithoutRangeServesEveryVersion()
    {
        Router.Match match = router.match("GET", "/v2.1/servers/abc");
        assertThat(match.route(Microversion.parse("2.1")).policy()).hasValue("show");
        assertThat(match.route(Microversion.parse("2.96")).policy()).hasValue("show");
    }

    @Test
    void disjointRangesOfOneTemplatePickByVersion()
    {
        Router.Match match = router.match("GET", "/v2.1/flavors/1");
        assertThat(match.candidates()).hasSize(2);
        assertThat(match.route(Microversion.parse("2.46")).policy()).hasValue("flavor-old");
        assertThat(match.route(Microversion.parse("2.47")).policy()).hasValue("flavor-new");
        assertThat(match.pathParameters()).containsEntry("flavor_id", "1");
    }

    @Test
    void belowARoutesFirstVersionIs404()
    {
        Router.Match match = router.match("GET", "/v2.1/servers/abc/topology");
        assertThat(match.route(Microversion.parse("2.78")).policy()).hasValue("topology");
        assertThatThrownBy(() -> match.route(Microversion.parse("2.77")))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(404));
    }

    @Test
    void headFallsBackToTheVersionedGetRoutes()
    {
        assertThat(router.match("HEAD", "/v2.1/flavors/1").route(Microversion.parse("2.50")).policy()).hasValue("flavor-new");
    }

    @Test
    void boundBuilderAddsToTheSameTableUnderTheCurrentService()
    {
        Router.Builder builder = Router.builder().service("compute");
        builder.since("2.5").route("GET", "/a", "a", NOTHING);
        builder.route("GET", "/b", "b", NOTHING);
        Router built = builder.build();
        assertThat(built.routes()).extracting(Route::template).containsExactly("/a", "/b");
        assertThat(built.routes()).extracting(Route::service).containsOnly("compute");
        assertThat(built.routes()).extracting(Route::versions).containsExactly(MicroversionRange.since("2.5"), MicroversionRange.ANY);
    }

    @Test
    void overlappingRangesAreRejected()
    {
        assertThatThrownBy(() -> Router.builder()
                .until("2.47").route("GET", "/a", "p", NOTHING)
                .since("2.47").route("GET", "/a", "p", NOTHING))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Router.builder()
                .route("GET", "/a", "p", NOTHING)
                .since("2.47").route("GET", "/a", "p", NOTHING))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void variantsMustTakeTheSameCallers()
    {
        assertThatThrownBy(() -> Router.builder()
                .until("2.46").publicRoute("GET", "/a", NOTHING)
                .since("2.47").route("GET", "/a", "p", NOTHING))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
