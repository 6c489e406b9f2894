package io.xloud.image;

import io.xloud.core.collection.PageCache;
import io.xloud.core.events.EventPublisher;
import io.xloud.core.http.ServiceModule;
import io.xloud.core.module.CatalogEntry;
import io.xloud.core.module.ModuleContext;
import io.xloud.core.module.QuotaResource;
import io.xloud.core.module.XloudModule;
import io.xloud.core.error.ErrorCode;
import io.xloud.image.api.ImageApi;
import io.xloud.image.api.ImageModule;
import io.xloud.image.api.ImagePolicies;
import io.xloud.image.api.metadef.MetadefApi;
import io.xloud.image.service.ImageBytes;
import io.xloud.image.service.ImageErrorCode;
import io.xloud.image.service.ImageLimits;
import io.xloud.image.service.ImageService;
import io.xloud.image.store.ImageStore;
import io.xloud.core.db.UnitOfWork;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The image service (Glance v2) as a platform module. Image bytes go through the {@link ImageBytes} port (the
 * platform wires it over the object engine); changes are published through {@link EventPublisher}.
 */
public final class ImageXloudModule
        implements XloudModule
{
    public static final String NAME = "image";
    private static final Logger LOG = LoggerFactory.getLogger(ImageXloudModule.class);

    private List<ServiceModule> http = List.of();
    private ImageImport imports;
    private ImageService images;

    @Override
    public String name()
    {
        return NAME;
    }

    @Override
    public List<io.xloud.core.config.XloudConfig.Key> settings()
    {
        return ImageImport.settings();
    }

    @Override
    public List<String> migrations()
    {
        return List.of("image");
    }

    @Override
    public List<CatalogEntry> catalog()
    {
        return List.of(new CatalogEntry("image", "glance", ImageModule.PREFIX));
    }

    @Override
    public Map<String, String> policyDefaults()
    {
        return ImageModule.allPolicyDefaults();
    }

    @Override
    public List<QuotaResource> quotaResources()
    {
        return List.of(
                new QuotaResource("image_size_total", -1),
                new QuotaResource("image_stage_total", -1),
                new QuotaResource("image_count_total", -1),
                new QuotaResource("image_count_uploading", -1));
    }

    @Override
    public ErrorCode quotaExceeded()
    {
        return ImageErrorCode.REQUEST_ENTITY_TOO_LARGE;
    }

    @Override
    public Set<Class<?>> needs()
    {
        return Set.of(ImageBytes.class, EventPublisher.class);
    }

    @Override
    public void start(ModuleContext context)
            throws Exception
    {
        imports = ImageImport.start(context, context.need(ImageBytes.class));
        ImageStore store = new ImageStore(new UnitOfWork(context.database().jdbi()));
        images = new ImageService(store, imports.bytes(), context.quotas(), context.need(EventPublisher.class),
                context.clock(), ImageLimits.DEFAULTS);
        imports.activateThrough((id, from, project, size, md5, sha512) -> images.commitData(id, from, project, size, md5, sha512));
        int recovered = images.recoverInterruptedUploads();
        if (recovered > 0) {
            LOG.warn("{} image uploads were interrupted and are now killed", recovered);
        }
        ImageApi api = new ImageApi(context.publicUrl(), images, PageCache.of(context.database(), context.config()));
        MetadefApi metadefs = ImageMetadefs.start(context);
        http = List.of(new ImageModule(api, imports.api(), metadefs));
    }

    @Override
    public void close()
    {
        if (imports != null) {
            imports.close();
        }
    }

    @Override
    public List<ServiceModule> http()
    {
        return http;
    }

    /** The image service, once started: for the platform's wiring and for tests. */
    public ImageService images()
    {
        return images;
    }
}
