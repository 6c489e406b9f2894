package io.xloud.image.service;

/**
 * Glance's per-image limits: image_size_cap (bytes of one image), image_property_quota, image_tag_quota and
 * image_member_quota; over them is 413.
 */
public record ImageLimits(long imageSizeCap, int maxProperties, int maxTags, int maxMembers)
{
    public static final ImageLimits DEFAULTS = new ImageLimits(1_099_511_627_776L, 128, 128, 128);
}
