package io.xloud.core.collection;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.xloud.core.auth.AuthContext;
import io.xloud.core.config.CoreSettings;
import io.xloud.core.config.XloudConfig;
import io.xloud.core.db.Database;
import io.xloud.core.http.Exchange;
import io.xloud.core.http.Handler;

import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;
import java.util.function.LongSupplier;

import static java.util.Objects.requireNonNull;

/**
 * Bodies of list responses, answered again to the same request of the same caller while the database has not
 * changed since they were rendered. The database's change count ({@link Database#changes()}) grows after every
 * committed write of any module, so a body is never served once something it was read from may have changed; where
 * there is no such count (PostgreSQL, written by several nodes) nothing is kept and every request renders.
 *
 * <p>Only for handlers whose answer depends on nothing but the request, the caller and the database: a list that
 * also shows the clock or state kept outside the database must not be wrapped.
 */
public final class PageCache
{
    private static final String JSON = "application/json";

    private final LongSupplier changes;
    private final Cache<String, Rendered> pages;

    private record Rendered(long changes, byte[] body) {}

    private PageCache(LongSupplier changes, long maxBytes)
    {
        this.changes = changes;
        this.pages = Caffeine.newBuilder()
                .maximumWeight(maxBytes)
                .weigher((String key, Rendered rendered) -> key.length() + rendered.body().length)
                .expireAfterAccess(Duration.ofMinutes(10))
                .build();
    }

    /**
     * A cache over the database's change count, of {@link CoreSettings#LIST_CACHE_MB} MiB; one that keeps nothing
     * when the database has no such count or the setting is 0.
     */
    public static PageCache of(Database database, XloudConfig config)
    {
        requireNonNull(database, "database is null");
        long megabytes = config.getLong(CoreSettings.LIST_CACHE_MB);
        OptionalLong changes = database.changes();
        if (changes.isEmpty() || megabytes <= 0) {
            return disabled();
        }
        return new PageCache(() -> database.changes().orElseThrow(), megabytes << 20);
    }

    /** A cache that keeps nothing. */
    public static PageCache disabled()
    {
        return new PageCache(null, 0);
    }

    /**
     * The handler, answering a GET from the cache when the same caller made the same request since the last change
     * of data; otherwise it runs and its answer is kept if it is a 200 with a JSON body.
     */
    public Handler cached(Handler handler)
    {
        requireNonNull(handler, "handler is null");
        if (changes == null) {
            return handler;
        }
        return exchange -> {
            if (!"GET".equals(exchange.method()) || exchange.optionalAuth().isEmpty()) {
                handler.handle(exchange);
                return;
            }
            String key = key(exchange);
            // read before the handler reads the database: a write committed meanwhile makes the kept body stale at once
            long before = changes.getAsLong();
            Rendered rendered = pages.getIfPresent(key);
            if (rendered != null && rendered.changes() == before) {
                exchange.respond(200, JSON, rendered.body());
                return;
            }
            handler.handle(exchange);
            byte[] body = exchange.renderedBody();
            if (exchange.status() == 200 && body != null && JSON.equals(exchange.renderedContentType())) {
                pages.asMap().merge(key, new Rendered(before, body), (kept, fresh) -> fresh.changes() >= kept.changes() ? fresh : kept);
            }
        };
    }

    /** What the answer may depend on besides the database: the request and everything the token says of the caller. */
    private static String key(Exchange exchange)
    {
        AuthContext auth = exchange.auth();
        StringBuilder key = new StringBuilder(256)
                .append(exchange.rawPath()).append('?').append(exchange.rawQuery() == null ? "" : exchange.rawQuery())
                .append('\n').append(exchange.optionalMicroversion().map(Object::toString).orElse(""))
                .append('\n').append(auth.userId()).append('@').append(auth.userDomainId())
                .append('\n').append(auth.projectId().orElse("")).append('@').append(auth.projectDomainId().orElse(""))
                .append('\n').append(auth.domainId().orElse("")).append('\n').append(auth.systemScope())
                .append('\n').append(auth.trustId().orElse("")).append('\n').append(auth.applicationCredentialId().orElse(""));
        List<String> roles = auth.roleNames().stream().sorted().toList();
        key.append('\n').append(roles);
        return key.toString();
    }
}
