package io.xloud.image;

import io.xloud.core.config.XloudConfig;
import io.xloud.core.db.UnitOfWork;
import io.xloud.core.jobs.PeriodicJob;
import io.xloud.core.module.ModuleContext;
import io.xloud.image.api.ImportApi;
import io.xloud.image.api.ImportPolicies;
import io.xloud.image.driver.HttpImageSource;
import io.xloud.image.driver.ImageCacheDirectory;
import io.xloud.image.service.ImageActivation;
import io.xloud.image.service.ImageBytes;
import io.xloud.image.service.ImageCacheService;
import io.xloud.image.service.ImageStores;
import io.xloud.image.service.ImportJob;
import io.xloud.image.service.ImportService;
import io.xloud.image.service.ImportSettings;
import io.xloud.image.service.ImportSweeper;
import io.xloud.image.service.StoreAwareImageBytes;
import io.xloud.image.store.ImportStore;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * Interoperable import, the stores and the image cache, as the image module starts them: the import job and its
 * sweep registered with the durable jobs, the image bytes the rest of the module uses (store- and cache-aware), and
 * the routes.
 */
public final class ImageImport
        implements AutoCloseable
{
    private static final Duration SWEEP_PERIOD = Duration.ofSeconds(30);
    private static final Duration DOWNLOAD_TIMEOUT = Duration.ofSeconds(30);

    private final ImageBytes bytes;
    private final ImportService imports;
    private final ImportApi api;
    private final Optional<ImageCacheService> cache;

    private ImageImport(ImageBytes bytes, ImportService imports, ImportApi api, Optional<ImageCacheService> cache)
    {
        this.bytes = requireNonNull(bytes, "bytes is null");
        this.imports = requireNonNull(imports, "imports is null");
        this.api = requireNonNull(api, "api is null");
        this.cache = requireNonNull(cache, "cache is null");
    }

    public static List<XloudConfig.Key> settings()
    {
        return ImportSettings.keys();
    }

    public static Map<String, String> policyDefaults()
    {
        return ImportPolicies.defaults();
    }

    /** Starts import over the platform's image bytes. */
    public static ImageImport start(ModuleContext context, ImageBytes platformBytes)
            throws java.io.IOException
    {
        ImportSettings settings = ImportSettings.from(context.config(), context.dataDir());
        ImportStore store = new ImportStore(new UnitOfWork(context.database().jdbi()));
        ImageStores stores = new ImageStores(settings.stores(), settings.defaultStore());
        ImportService imports = new ImportService(store, platformBytes, stores, settings, context.jobs(), context.quotas(), context.clock());
        context.jobs().register(ImportService.JOB_KIND,
                new ImportJob(imports, store, platformBytes, new HttpImageSource(DOWNLOAD_TIMEOUT), context.clock()));
        context.jobs().schedule(new PeriodicJob(ImportSweeper.KIND, SWEEP_PERIOD, Duration.ZERO),
                new ImportSweeper(imports, store, platformBytes, context.jobs(), context.clock()));
        Optional<ImageCacheService> cache = Optional.empty();
        if (settings.cacheEnabled()) {
            ImageCacheService service = new ImageCacheService(new ImageCacheDirectory(settings.cacheDir(), settings.cacheMaxBytes()), store, imports,
                    platformBytes);
            service.resumeQueue();
            cache = Optional.of(service);
        }
        ImageBytes bytes = new StoreAwareImageBytes(platformBytes, store, imports, cache, settings.cacheOnDownload());
        return new ImageImport(bytes, imports, new ImportApi(imports, cache), cache);
    }

    /** The image bytes the image API reads and deletes through: from the cache, from whichever store holds the data. */
    public ImageBytes bytes()
    {
        return bytes;
    }

    public ImportApi api()
    {
        return api;
    }

    /** Imports activate their images through the image module's data commit (events, quotas) from now on. */
    public void activateThrough(ImageActivation commit)
    {
        imports.activateThrough(commit);
    }

    @Override
    public void close()
    {
        cache.ifPresent(ImageCacheService::close);
    }
}
