package io.xloud.image.api;

import io.xloud.core.error.ErrorDialect;
import io.xloud.core.http.Exchange;
import io.xloud.core.http.Router;
import io.xloud.core.http.ServiceModule;
import io.xloud.image.api.metadef.MetadefApi;

import java.util.Map;

import static java.util.Objects.requireNonNull;

/** Glance v2 under /image: its version documents and, per resource, the routes of one class each. */
public final class ImageModule
        implements ServiceModule
{
    public static final String NAME = "image";
    public static final String PREFIX = "/image";
    public static final String V2 = PREFIX + "/v2";

    private final ImageApi api;
    /** The import side: stage, import, stores, tasks, cache. */
    private final ImportApi imports;
    private final MetadefApi metadefs;

    public ImageModule(ImageApi api, ImportApi imports, MetadefApi metadefs)
    {
        this.api = requireNonNull(api, "api is null");
        this.imports = requireNonNull(imports, "imports is null");
        this.metadefs = requireNonNull(metadefs, "metadefs is null");
    }

    @Override
    public String name()
    {
        return NAME;
    }

    @Override
    public String pathPrefix()
    {
        return PREFIX;
    }

    @Override
    public ErrorDialect errorDialect()
    {
        return new GlanceErrorDialect();
    }

    @Override
    public void routes(Router.Builder routes)
    {
        new VersionResource(api.publicUrl()).routes(routes);
        new ImageResource(api).routes(routes);
        new ImageDataResource(api).routes(routes);
        new MemberResource(api).routes(routes);
        new SchemaResource().routes(routes);
        imports.routes(routes);
        metadefs.routes(routes);
    }

    @Override
    public Map<String, String> policyDefaults()
    {
        return allPolicyDefaults();
    }

    @Override
    public void prepare(Exchange exchange)
    {
        imports.prepare(exchange);
    }

    /** Every rule of the image service: the image rules and import's. */
    public static Map<String, String> allPolicyDefaults()
    {
        Map<String, String> rules = new java.util.LinkedHashMap<>(ImagePolicies.defaults());
        rules.putAll(ImportPolicies.defaults());
        return rules;
    }
}
