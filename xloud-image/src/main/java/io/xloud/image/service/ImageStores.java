package io.xloud.image.service;

import java.util.List;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * The image stores of {@code /v2/info/stores}. Every store keeps its bytes in the object engine through
 * {@link ImageBytes}, each under keys of its own: the default store under the image's id (where an upload through
 * {@code PUT /file} puts them), another store under {@code store.<store>.<image>}; staged data waits under
 * {@code staging.<image>}. Keys are flat, so any {@link ImageBytes} keeps them.
 */
public final class ImageStores
{
    public static final String STAGING_PREFIX = "staging.";

    /** One store as {@code /v2/info/stores} lists it. */
    public record Store(String id, String description, boolean isDefault)
    {
        public Store
        {
            requireNonNull(id, "id is null");
            requireNonNull(description, "description is null");
        }
    }

    private final List<Store> stores;
    private final String defaultStore;

    public ImageStores(List<String> ids, String defaultStore)
    {
        this.defaultStore = requireNonNull(defaultStore, "defaultStore is null");
        this.stores = ids.stream()
                .map(id -> new Store(id, id.equals(defaultStore) ? "Default store, in the object engine" : "Store " + id + ", in the object engine",
                        id.equals(defaultStore)))
                .toList();
        if (!ids.contains(defaultStore)) {
            throw new IllegalArgumentException("the default store " + defaultStore + " is not one of " + ids);
        }
    }

    public List<Store> all()
    {
        return stores;
    }

    public List<String> ids()
    {
        return stores.stream().map(Store::id).toList();
    }

    public String defaultStore()
    {
        return defaultStore;
    }

    public Optional<Store> find(String id)
    {
        return stores.stream().filter(store -> store.id().equals(id)).findFirst();
    }

    public boolean exists(String id)
    {
        return find(id).isPresent();
    }

    /** Where a store keeps an image's bytes in the object engine. */
    public String objectKey(String store, String imageId)
    {
        return store.equals(defaultStore) ? imageId : "store." + store + "." + imageId;
    }

    public static String stagingKey(String imageId)
    {
        return STAGING_PREFIX + imageId;
    }
}
