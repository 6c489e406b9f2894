package io.xloud.identity.service;

import io.xloud.identity.store.ConsumerStore;
import io.xloud.identity.store.IdentityStore;
import org.jdbi.v3.core.Handle;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

import static java.util.Objects.requireNonNull;

/** OS-OAUTH1 consumers: each gets an id and a secret of its own at creation. */
public final class ConsumerService
{
    private final IdentityStore store;

    public ConsumerService(IdentityStore store)
    {
        this.store = requireNonNull(store, "store is null");
    }

    public Consumer create(Optional<String> description, Map<String, Object> extra)
    {
        Consumer consumer = new Consumer(Ids.newId(), description, Ids.newId(), extra);
        store.writeVoid(h -> ConsumerStore.insertConsumer(h, consumer));
        return consumer;
    }

    public List<Consumer> consumers()
    {
        return store.read(ConsumerStore::consumers);
    }

    public Consumer consumer(String id)
    {
        return store.read(h -> consumer(h, id));
    }

    /** Applies a change to the consumer as it is now; its id and secret stay. */
    public Consumer update(String id, UnaryOperator<Consumer> change)
    {
        return store.write(h -> {
            Consumer current = consumer(h, id);
            Consumer changed = change.apply(current);
            Consumer next = new Consumer(id, changed.description(), current.secret(), changed.extra());
            ConsumerStore.updateConsumer(h, next);
            return next;
        });
    }

    public void delete(String id)
    {
        store.writeVoid(h -> {
            consumer(h, id);
            ConsumerStore.deleteConsumer(h, id);
        });
    }

    private static Consumer consumer(Handle h, String id)
    {
        return ConsumerStore.consumer(h, id).orElseThrow(() -> IdentityErrors.notFound("consumer", id));
    }
}
