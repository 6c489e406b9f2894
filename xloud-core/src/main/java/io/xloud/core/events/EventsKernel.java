package io.xloud.core.events;

import io.xloud.core.db.UnitOfWork;
import io.xloud.core.events.api.EventsModule;
import io.xloud.core.events.delivery.DeliveryWorker;
import io.xloud.core.events.delivery.HttpWebhookSender;
import io.xloud.core.events.delivery.WebhookSender;
import io.xloud.core.events.store.DeliveryStore;
import io.xloud.core.events.store.EventStore;
import io.xloud.core.events.store.SubscriptionStore;

import java.time.Clock;
import java.util.function.Supplier;

import static java.util.Objects.requireNonNull;

/**
 * Events assembled for one node: the publisher services write through, the events API, and the delivery worker.
 * The database must have the core migrations.
 */
public final class EventsKernel
        implements AutoCloseable
{
    private final EventPublisher publisher;
    private final EventService service;
    private final DeliveryWorker worker;

    private EventsKernel(EventPublisher publisher, EventService service, DeliveryWorker worker)
    {
        this.publisher = publisher;
        this.service = service;
        this.worker = worker;
    }

    public static EventsKernel start(UnitOfWork work, EventsSettings settings, Clock clock)
    {
        return start(work, settings, clock, new HttpWebhookSender(settings.deliveryTimeout()));
    }

    public static EventsKernel start(UnitOfWork work, EventsSettings settings, Clock clock, WebhookSender sender)
    {
        requireNonNull(work, "work is null");
        EventStore events = new EventStore(work);
        DeliveryStore deliveries = new DeliveryStore(work);
        EventService service = new EventService(events, new SubscriptionStore(work), deliveries, clock);
        DeliveryWorker worker = new DeliveryWorker(events, deliveries, sender, settings, clock);
        worker.start();
        return new EventsKernel(new EventOutbox(work), service, worker);
    }

    public EventPublisher publisher()
    {
        return publisher;
    }

    public EventService service()
    {
        return service;
    }

    public EventsModule module(Supplier<String> publicUrl)
    {
        return new EventsModule(service, publicUrl);
    }

    @Override
    public void close()
    {
        worker.close();
    }
}
