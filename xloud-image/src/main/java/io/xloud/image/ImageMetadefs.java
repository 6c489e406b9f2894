package io.xloud.image;

import io.xloud.core.db.UnitOfWork;
import io.xloud.core.events.EventPublisher;
import io.xloud.core.module.ModuleContext;
import io.xloud.image.api.metadef.MetadefApi;
import io.xloud.image.service.metadef.MetadefCatalog;
import io.xloud.image.service.metadef.MetadefService;
import io.xloud.image.store.MetadefStore;

/** Builds the metadata definitions catalog of the image service and loads the definitions Glance ships, once. */
public final class ImageMetadefs
{
    private ImageMetadefs() {}

    public static MetadefApi start(ModuleContext context)
    {
        UnitOfWork unitOfWork = new UnitOfWork(context.database().jdbi());
        MetadefStore store = new MetadefStore(unitOfWork);
        MetadefService service = new MetadefService(store, unitOfWork, context.clock(), context.need(EventPublisher.class));
        new MetadefCatalog(store, service, unitOfWork, context.clock()).load();
        return new MetadefApi(service);
    }
}
