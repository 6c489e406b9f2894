package io.xloud.image.api;

import io.xloud.core.auth.AuthContext;
import io.xloud.core.collection.PageCache;
import io.xloud.core.http.Exchange;
import io.xloud.core.http.TargetResolver;
import io.xloud.image.service.Image;
import io.xloud.image.service.ImageListing;
import io.xloud.image.service.ImageMemberService;
import io.xloud.image.service.ImageService;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

import static java.util.Objects.requireNonNull;

/** What the image resources share: the domain services and the public base URL (final only once the listener is bound). */
public final class ImageApi
{
    private final Supplier<String> publicUrl;
    private final ImageService images;
    private final ImageListing listing;
    private final ImageMemberService members;
    private final PageCache pages;

    public ImageApi(Supplier<String> publicUrl, ImageService images, PageCache pages)
    {
        this.pages = requireNonNull(pages, "pages is null");
        this.publicUrl = requireNonNull(publicUrl, "publicUrl is null");
        this.images = requireNonNull(images, "images is null");
        this.listing = new ImageListing(images.store());
        this.members = new ImageMemberService(images);
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

    public ImageService images()
    {
        return images;
    }

    public ImageListing listing()
    {
        return listing;
    }

    public ImageMemberService members()
    {
        return members;
    }

    /** Answers of image lists kept until data changes. */
    public PageCache pages()
    {
        return pages;
    }

    /**
     * The policy target of the image named by the path's {@code image_id}, which must be visible to the caller (404
     * otherwise, as Glance hides what a project may not see); the image is attached to the exchange.
     */
    public TargetResolver imageTarget()
    {
        return exchange -> {
            Image image = images.visible(exchange.auth(), exchange.path("image_id"));
            exchange.attach(Image.class, image);
            return images.target(exchange.auth(), image);
        };
    }

    /** The caller's own project as the target: rules that only check roles in scope. */
    public static Map<String, Object> callerTarget(Exchange exchange)
    {
        Map<String, Object> target = new HashMap<>();
        target.put("project_id", exchange.auth().projectId().orElse(null));
        target.put("member_id", null);
        target.put("visibility", null);
        return target;
    }

    public static AuthContext caller(Exchange exchange)
    {
        return exchange.auth();
    }
}
