package io.xloud.image.api;

import java.util.function.Supplier;

import static java.util.Objects.requireNonNull;

/** What the image resources share: the domain services and the public base URL (final only once the listener is bound). */
public final class ImageApi
{
    private final Supplier<String> publicUrl;

    public ImageApi(Supplier<String> publicUrl)
    {
        this.publicUrl = requireNonNull(publicUrl, "publicUrl is null");
    }

    public Supplier<String> publicUrl()
    {
        return publicUrl;
    }

    /** The base URL of the v2 API, e.g. {@code http://host:port/image/v2}. */
    public String v2Url()
    {
        return publicUrl.get() + ImageModule.V2;
    }
}
