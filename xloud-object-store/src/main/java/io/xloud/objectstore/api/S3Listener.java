package io.xloud.objectstore.api;

import org.eclipse.jetty.http.HttpURI;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * The S3 listener ({@code s3_listen}): S3 at the root of its own port, for tools that cannot take a path
 * prefix, path-style ({@code /bucket/key}) or virtual-hosted-style ({@code bucket.<domain>/key}). Each
 * request is rewritten to the path-style form under {@code /s3} and handed to the kernel; the path the
 * client sent, which is what it signed, goes along as a request attribute.
 */
public final class S3Listener
        extends Handler.Wrapper
{
    private final List<String> domains;

    /**
     * @param domains the host names under which a first label names a bucket ({@code localhost} always is one)
     */
    public S3Listener(Handler kernel, List<String> domains)
    {
        super(requireNonNull(kernel, "kernel is null"));
        this.domains = domains.stream().map(domain -> domain.strip().toLowerCase(Locale.ROOT)).filter(domain -> !domain.isEmpty()).toList();
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback)
            throws Exception
    {
        String path = request.getHttpURI().getPath();
        if (path == null || path.isEmpty()) {
            path = "/";
        }
        Optional<String> bucket = virtualBucket(Request.getServerName(request));
        String rewritten = S3Module.PATH_PREFIX + bucket.map(name -> "/" + name).orElse("") + path;
        HttpURI uri = HttpURI.build(request.getHttpURI()).path(rewritten).asImmutable();
        request.setAttribute(S3Request.CLIENT_PATH_ATTRIBUTE, path);
        return super.handle(new Request.Wrapper(request)
        {
            @Override
            public HttpURI getHttpURI()
            {
                return uri;
            }
        }, response, callback);
    }

    /** The bucket a virtual-hosted request names in its host, if it names one. */
    Optional<String> virtualBucket(String host)
    {
        if (host == null) {
            return Optional.empty();
        }
        String name = host.toLowerCase(Locale.ROOT);
        for (String domain : candidates()) {
            if (name.length() > domain.length() + 1 && name.endsWith("." + domain)) {
                return Optional.of(name.substring(0, name.length() - domain.length() - 1));
            }
        }
        return Optional.empty();
    }

    private List<String> candidates()
    {
        return domains.contains("localhost") ? domains : java.util.stream.Stream.concat(domains.stream(), java.util.stream.Stream.of("localhost")).toList();
    }
}
