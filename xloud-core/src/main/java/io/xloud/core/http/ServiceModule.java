package io.xloud.core.http;

import io.xloud.core.auth.AuthContext;
import io.xloud.core.error.ApiException;
import io.xloud.core.error.ErrorDialect;
import io.xloud.core.microversion.MicroversionSupport;

import java.util.Map;
import java.util.Optional;

/** What a service plugs into the kernel: its path, its error dialect, its routes and its policy defaults. */
public interface ServiceModule
{
    /** Short name, used in metrics and logs: identity, compute, object-store, ... */
    String name();

    /** Path prefix this service owns, e.g. {@code /identity}. */
    String pathPrefix();

    /**
     * The service's type in the catalog, which application credentials' access rules name (identity, object-store,
     * image, network, ...); the module's name unless it says otherwise.
     */
    default String serviceType()
    {
        return name();
    }

    ErrorDialect errorDialect();

    /**
     * For a service that authenticates requests its own way (S3's signatures): the caller of a request to one
     * of its guarded routes, or an ApiException; empty to leave it to the X-Auth-Token.
     */
    default Optional<AuthContext> authenticate(Exchange exchange)
    {
        return Optional.empty();
    }

    void routes(Router.Builder routes);

    Map<String, String> policyDefaults();

    /**
     * For a service with microversions (Compute, Block Storage): its service type, range and legacy header. The
     * kernel then negotiates every request to the module's routes, puts the version on the exchange and echoes it.
     */
    default Optional<MicroversionSupport> microversions()
    {
        return Optional.empty();
    }

    /**
     * The policy namespace this module's routes are enforced in, and whose rules its handlers check; faces of
     * one service (Swift and S3 of object storage) may share one. The name of the policy file
     * {@code data/policy/<namespace>.yaml}.
     */
    default String policyNamespace()
    {
        return name();
    }

    /**
     * Called before routing for every request under {@link #pathPrefix()}, even one that fails to route or to
     * authenticate; for headers a service puts on every response (Swift's {@code X-Trans-Id}).
     */
    default void prepare(Exchange exchange)
    {
    }

    /**
     * The answer to a request whose path the HTTP server could not take as sent (a {@code %00} escape, a {@code %}
     * that starts no escape): no route runs for it. Not Found unless the service says otherwise (Swift: 412).
     */
    default ApiException invalidPath()
    {
        return ApiException.notFound("The resource could not be found: its path holds a NUL or a malformed %-escape.");
    }
}
