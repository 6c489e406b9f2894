package io.xloud.image.api;

import io.xloud.image.service.Image;
import io.xloud.image.service.ImageMember;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;

/** Glance's image and member documents: extra properties beside the core attributes, ISO times in whole seconds with Z. */
public final class ImageView
{
    private ImageView() {}

    public static Map<String, Object> of(Image image)
    {
        Map<String, Object> view = new LinkedHashMap<>(image.properties());
        view.put("id", image.id());
        view.put("name", image.name().orElse(null));
        view.put("status", image.status());
        view.put("visibility", image.visibility());
        view.put("protected", image.isProtected());
        view.put("os_hidden", image.hidden());
        view.put("checksum", image.checksum().orElse(null));
        view.put("os_hash_algo", image.hashAlgo().orElse(null));
        view.put("os_hash_value", image.hashValue().orElse(null));
        view.put("owner", image.owner());
        view.put("size", image.size().isPresent() ? image.size().getAsLong() : null);
        view.put("virtual_size", image.virtualSize().isPresent() ? image.virtualSize().getAsLong() : null);
        view.put("min_ram", image.minRam());
        view.put("min_disk", image.minDisk());
        view.put("disk_format", image.diskFormat().orElse(null));
        view.put("container_format", image.containerFormat().orElse(null));
        view.put("created_at", time(image.createdAt()));
        view.put("updated_at", time(image.updatedAt()));
        view.put("tags", image.tags());
        view.put("self", "/v2/images/" + image.id());
        view.put("file", "/v2/images/" + image.id() + "/file");
        view.put("schema", "/v2/schemas/image");
        return view;
    }

    public static Map<String, Object> of(ImageMember member)
    {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("created_at", time(member.createdAt()));
        view.put("image_id", member.imageId());
        view.put("member_id", member.memberId());
        view.put("schema", "/v2/schemas/member");
        view.put("status", member.status());
        view.put("updated_at", time(member.updatedAt()));
        return view;
    }

    public static String time(Instant instant)
    {
        return DateTimeFormatter.ISO_INSTANT.format(instant.truncatedTo(ChronoUnit.SECONDS));
    }
}
