package io.xloud.image.service;

import com.fasterxml.jackson.databind.JsonNode;
import io.xloud.core.auth.AuthContext;
import io.xloud.core.error.ApiException;
import io.xloud.core.events.Event;
import io.xloud.core.events.EventPublisher;
import io.xloud.core.limits.QuotaService;
import io.xloud.image.store.ImageStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.function.UnaryOperator;

import static java.util.Objects.requireNonNull;

/**
 * Images as Glance keeps them: who sees which, their life from queued to active (and deactivated, killed,
 * deleted), their attributes and properties changed by JSON patch, and their bytes, streamed to and from
 * {@link ImageBytes} while their checksums are computed. Quotas are reserved in the transaction of the change
 * they count.
 */
public final class ImageService
{
    private static final Logger LOG = LoggerFactory.getLogger(ImageService.class);
    private static final int MAX_RETRIES = 20;
    public static final String HASH_ALGO = "sha512";

    public static final String SIZE_TOTAL = "image_size_total";
    public static final String COUNT_TOTAL = "image_count_total";
    public static final String COUNT_UPLOADING = "image_count_uploading";
    public static final String STAGE_TOTAL = "image_stage_total";

    private final ImageStore store;
    private final ImageBytes bytes;
    private final QuotaService quotas;
    private final EventPublisher events;
    private final Clock clock;
    private final ImageLimits limits;

    public ImageService(ImageStore store, ImageBytes bytes, QuotaService quotas, EventPublisher events, Clock clock, ImageLimits limits)
    {
        this.store = requireNonNull(store, "store is null");
        this.bytes = requireNonNull(bytes, "bytes is null");
        this.quotas = requireNonNull(quotas, "quotas is null");
        this.events = requireNonNull(events, "events is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.limits = requireNonNull(limits, "limits is null");
    }

    public ImageStore store()
    {
        return store;
    }

    public ImageBytes bytes()
    {
        return bytes;
    }

    public QuotaService quotas()
    {
        return quotas;
    }

    public ImageLimits limits()
    {
        return limits;
    }

    // ---- who sees what

    public static String project(AuthContext caller)
    {
        return caller.projectId().orElse("");
    }

    public static boolean isAdmin(AuthContext caller)
    {
        return caller.isAdmin();
    }

    /** Whether the caller may see the image at all: Glance answers 404 otherwise. */
    public boolean canSee(AuthContext caller, Image image)
    {
        if (isAdmin(caller) || image.owner().equals(project(caller))) {
            return true;
        }
        return switch (image.visibility()) {
            case Image.PUBLIC, Image.COMMUNITY -> true;
            case Image.SHARED -> store.member(image.id(), project(caller)).isPresent();
            default -> false;
        };
    }

    /** The image if the caller may see it, else 404 as Glance answers for another project's private image. */
    public Image visible(AuthContext caller, String id)
    {
        return store.find(id).filter(image -> canSee(caller, image)).orElseThrow(() -> notFound(id));
    }

    public Optional<Image> find(String id)
    {
        return store.find(id);
    }

    static ApiException notFound(String id)
    {
        return new ApiException(ImageErrorCode.NOT_FOUND, "No image found with ID " + ImageAttributes.shorten(id));
    }

    /** The policy target of an image for the caller: its owner as project_id, its visibility, and the caller as member_id when a member. */
    public Map<String, Object> target(AuthContext caller, Image image)
    {
        Map<String, Object> target = new LinkedHashMap<>();
        target.put("project_id", image.owner());
        target.put("owner", image.owner());
        target.put("visibility", image.visibility());
        target.put("image_id", image.id());
        String me = project(caller);
        if (!me.isEmpty() && !image.owner().equals(me) && store.member(image.id(), me).isPresent()) {
            target.put("member_id", me);
        }
        else {
            target.put("member_id", null);
        }
        return target;
    }

    // ---- create

    /**
     * Creates a queued image from a create request's body.
     *
     * @throws ApiException 400 for a malformed body or value, 403 for read-only or reserved attributes or another
     *         owner, 409 for a taken id, 413 over a limit or quota
     */
    public Image create(AuthContext caller, JsonNode body)
    {
        if (body == null || !body.isObject()) {
            throw ImageAttributes.badRequest("Request body must be a JSON object.");
        }
        String me = project(caller);
        if (me.isEmpty()) {
            throw ImageAttributes.forbidden("Creating an image needs a project-scoped token.");
        }
        Instant now = now();
        String id = body.has("id") ? imageId(body.get("id")) : UUID.randomUUID().toString();
        Image base = new Image(id, Optional.empty(), me, Image.QUEUED, Image.SHARED, false, false, Optional.empty(), Optional.empty(), 0, 0,
                OptionalLong.empty(), OptionalLong.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), now, now,
                Map.of(), List.of(), 0);
        Image.Builder builder = base.toBuilder();
        Map<String, String> properties = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> fields = body.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            String key = field.getKey();
            if (key.equals("id")) {
                continue;
            }
            ImageAttributes.checkWritable(key);
            if (ImageAttributes.WRITABLE.contains(key)) {
                setCore(caller, base, builder, key, field.getValue());
            }
            else {
                ImageAttributes.propertyKey(key);
                properties.put(key, ImageAttributes.propertyValue(key, field.getValue()));
            }
        }
        Image created = builder.properties(properties).build();
        checkLimits(created);
        ApiException taken = ImageAttributes.conflict("Image with identifier " + created.id() + " already exists!");
        try {
            store.work().inTransaction(() -> {
                if (store.find(created.id()).isPresent()) {
                    throw taken;
                }
                reserve(created.owner(), COUNT_TOTAL, 1);
                store.insert(created);
                publish("image.create", created);
                return null;
            });
        }
        catch (org.jdbi.v3.core.JdbiException e) {
            // two creates of one chosen id at once: the primary key lets one in
            if (store.find(created.id()).isPresent()) {
                throw taken;
            }
            throw e;
        }
        return store.find(created.id()).orElseThrow(() -> notFound(created.id()));
    }

    private static String imageId(JsonNode value)
    {
        if (!value.isTextual() || !ImageAttributes.isUuid(value.asText())) {
            throw ImageAttributes.badRequest("Provided object does not match schema 'image': " + ImageAttributes.shorten(value.toString())
                    + " does not match '^([0-9a-fA-F]){8}-([0-9a-fA-F]){4}-([0-9a-fA-F]){4}-([0-9a-fA-F]){4}-([0-9a-fA-F]){12}$'");
        }
        return value.asText();
    }

    private void setCore(AuthContext caller, Image current, Image.Builder builder, String key, JsonNode value)
    {
        switch (key) {
            case "name" -> builder.name(ImageAttributes.nullableString(key, value, ImageAttributes.MAX_NAME_LENGTH));
            case "visibility" -> builder.visibility(ImageAttributes.visibility(value));
            case "protected" -> builder.isProtected(ImageAttributes.bool(key, value));
            case "os_hidden" -> builder.hidden(ImageAttributes.bool(key, value));
            case "disk_format", "container_format" -> {
                Optional<String> format = ImageAttributes.format(key, value,
                        key.equals("disk_format") ? ImageAttributes.DISK_FORMATS : ImageAttributes.CONTAINER_FORMATS);
                Optional<String> existing = key.equals("disk_format") ? current.diskFormat() : current.containerFormat();
                if (!format.equals(existing) && !current.status().equals(Image.QUEUED)) {
                    throw ImageAttributes.forbidden("Attribute " + key + " can be only replaced for a queued image.");
                }
                if (key.equals("disk_format")) {
                    builder.diskFormat(format);
                }
                else {
                    builder.containerFormat(format);
                }
            }
            case "min_disk" -> builder.minDisk(ImageAttributes.nonNegativeInteger(key, value));
            case "min_ram" -> builder.minRam(ImageAttributes.nonNegativeInteger(key, value));
            case "tags" -> builder.tags(ImageAttributes.tags(value));
            case "owner" -> {
                Optional<String> owner = ImageAttributes.nullableString(key, value, 255);
                String wanted = owner.orElse(current.owner());
                if (!wanted.equals(current.owner()) && !isAdmin(caller)) {
                    throw ImageAttributes.forbidden("You are not permitted to change the owner of an image to '" + ImageAttributes.shorten(wanted) + "'.");
                }
                builder.owner(wanted);
            }
            default -> throw new IllegalStateException("not a core attribute: " + key);
        }
    }

    private void checkLimits(Image image)
    {
        if (image.properties().size() > limits.maxProperties()) {
            throw new ApiException(ImageErrorCode.REQUEST_ENTITY_TOO_LARGE, "Maximum number of properties exceeded (" + limits.maxProperties() + ").");
        }
        if (image.tags().size() > limits.maxTags()) {
            throw new ApiException(ImageErrorCode.REQUEST_ENTITY_TOO_LARGE, "Maximum number of tags exceeded (" + limits.maxTags() + ").");
        }
    }

    // ---- update

    /** Applies a JSON patch as Glance does; the whole patch or nothing. */
    public Image patch(AuthContext caller, String id, ImagePatch patch)
    {
        return change(caller, id, image -> {
            Image.Builder builder = image.toBuilder();
            Map<String, String> properties = new LinkedHashMap<>(image.properties());
            for (ImagePatch.Operation operation : patch.operations()) {
                String key = operation.attribute();
                ImageAttributes.checkWritable(key);
                boolean core = ImageAttributes.WRITABLE.contains(key);
                switch (operation.op()) {
                    case REMOVE -> {
                        if (core) {
                            throw ImageAttributes.forbidden("Property " + key + " may not be removed.");
                        }
                        if (properties.remove(key) == null) {
                            throw ImageAttributes.conflict("Property " + ImageAttributes.shorten(key) + " does not exist.");
                        }
                    }
                    case ADD, REPLACE -> {
                        JsonNode value = operation.value().orElseThrow(() -> ImageAttributes.badRequest("Operation objects must contain a 'value' member."));
                        if (operation.op() == ImagePatch.Op.ADD && patch.strictAdd() && (core || properties.containsKey(key))) {
                            throw ImageAttributes.conflict("Property " + ImageAttributes.shorten(key) + " already present.");
                        }
                        if (operation.op() == ImagePatch.Op.REPLACE && !core && !properties.containsKey(key)) {
                            throw ImageAttributes.conflict("Property " + ImageAttributes.shorten(key) + " does not exist.");
                        }
                        if (core) {
                            setCore(caller, builder.build(), builder, key, value);
                        }
                        else {
                            ImageAttributes.propertyKey(key);
                            properties.put(key, ImageAttributes.propertyValue(key, value));
                        }
                    }
                }
            }
            Image changed = builder.properties(properties).build();
            checkLimits(changed);
            return changed;
        }, "image.update");
    }

    /**
     * Changes an image read as the caller sees it, retrying when another write came between the read and the write;
     * the change is written with the time of the write, and the event published with it.
     */
    Image change(AuthContext caller, String id, UnaryOperator<Image> change, String event)
    {
        for (int attempt = 0; attempt < MAX_RETRIES; attempt++) {
            Image image = visible(caller, id);
            Image changed = change.apply(image);
            if (changed.equals(image)) {
                return image;
            }
            Image stamped = changed.toBuilder().updatedAt(now()).build();
            boolean written = store.work().inTransaction(() -> {
                if (!store.update(stamped)) {
                    return false;
                }
                publish(event, stamped);
                return true;
            });
            if (written) {
                return visible(caller, id);
            }
        }
        throw ImageAttributes.conflict("The image was changed by another request; try again.");
    }

    // ---- delete

    /** Deletes an image and its bytes; 403 while it is protected. */
    public void delete(AuthContext caller, String id)
    {
        Image image = visible(caller, id);
        if (image.isProtected()) {
            throw ImageAttributes.forbidden("Image " + id + " is protected and cannot be deleted.");
        }
        boolean deleted = store.work().inTransaction(() -> {
            Optional<Image> current = store.find(id);
            if (current.isEmpty()) {
                return false;
            }
            if (current.get().isProtected()) {
                throw ImageAttributes.forbidden("Image " + id + " is protected and cannot be deleted.");
            }
            release(current.get());
            store.delete(id);
            publish("image.delete", current.get().toBuilder().status(Image.DELETED).build());
            return true;
        });
        if (!deleted) {
            throw notFound(id);
        }
        image.dataProject().ifPresent(project -> deleteBytes(project, id));
    }

    /** Gives back what an image holds of its owner's quotas, as it goes. */
    private void release(Image image)
    {
        reserve(image.owner(), COUNT_TOTAL, -1);
        if (image.status().equals(Image.SAVING)) {
            reserve(image.owner(), COUNT_UPLOADING, -1);
        }
        if (holdsSize(image)) {
            reserve(image.owner(), SIZE_TOTAL, -image.size().getAsLong());
        }
    }

    private static boolean holdsSize(Image image)
    {
        return image.size().isPresent() && (image.status().equals(Image.ACTIVE) || image.status().equals(Image.DEACTIVATED));
    }

    void deleteBytes(String project, String id)
    {
        try {
            bytes.delete(project, id);
        }
        catch (RuntimeException e) {
            LOG.warn("bytes of image {} could not be deleted", id, e);
        }
    }

    // ---- data

    /**
     * Uploads the image's data: queued → saving → active, with size, MD5 checksum and SHA-512 hash computed as the
     * bytes stream to storage. A read that fails leaves the image killed; a refusal over a limit or quota puts it
     * back to queued.
     */
    public Image upload(AuthContext caller, String id, InputStream content)
    {
        return upload(caller, id, content, OptionalLong.empty());
    }

    /** An upload whose length the client announced: one over a limit or quota is refused before a byte is stored. */
    public Image upload(AuthContext caller, String id, InputStream content, OptionalLong declaredLength)
    {
        Image saving = startSaving(caller, id);
        String project = saving.owner();
        long max = Math.min(limits.imageSizeCap(), remaining(project, SIZE_TOTAL));
        if (declaredLength.isPresent() && declaredLength.getAsLong() > max) {
            endSaving(id, Image.QUEUED);
            throw tooLarge(max);
        }
        DigestingInputStream digesting = new DigestingInputStream(content);
        long size;
        try {
            size = bytes.write(project, id, digesting, max);
        }
        catch (ImageBytes.TooLargeException e) {
            endSaving(id, Image.QUEUED);
            throw tooLarge(max);
        }
        catch (IOException | RuntimeException e) {
            endSaving(id, Image.KILLED);
            if (digesting.readFailed()) {
                throw ImageAttributes.badRequest("The image data could not be read from the request: " + e.getMessage());
            }
            LOG.error("image {} could not be stored", id, e);
            throw new ApiException(ImageErrorCode.INTERNAL_ERROR, "The image data could not be stored.");
        }
        String md5 = HexFormat.of().formatHex(digesting.md5());
        String sha512 = HexFormat.of().formatHex(digesting.sha512());
        try {
            Image active = commitData(id, Image.SAVING, project, size, md5, sha512);
            return store.find(id).filter(image -> canSee(caller, image)).orElse(active);
        }
        catch (ApiException e) {
            deleteBytes(project, id);
            if (e.status() == 413) {
                endSaving(id, Image.QUEUED);
            }
            throw e;
        }
    }

    private ApiException tooLarge(long max)
    {
        return new ApiException(ImageErrorCode.REQUEST_ENTITY_TOO_LARGE, max < limits.imageSizeCap()
                ? "Image exceeds the storage quota: the project may store " + max + " more bytes."
                : "Image size exceeds the maximum of " + limits.imageSizeCap() + " bytes.");
    }

    private Image startSaving(AuthContext caller, String id)
    {
        for (int attempt = 0; attempt < MAX_RETRIES; attempt++) {
            Image image = visible(caller, id);
            if (!image.status().equals(Image.QUEUED)) {
                throw ImageAttributes.conflict("Image status transition from " + image.status() + " to saving is not allowed");
            }
            if (image.diskFormat().isEmpty() || image.containerFormat().isEmpty()) {
                throw ImageAttributes.badRequest("Properties disk_format, container_format must be set prior to saving data.");
            }
            Image saving = image.toBuilder().status(Image.SAVING).updatedAt(now()).build();
            boolean started = store.work().inTransaction(() -> {
                if (!store.update(saving)) {
                    return false;
                }
                reserve(saving.owner(), COUNT_UPLOADING, 1);
                return true;
            });
            if (started) {
                return saving;
            }
        }
        throw ImageAttributes.conflict("The image was changed by another request; try again.");
    }

    /** Ends an upload that stored nothing: the image goes to {@code status} if still saving. */
    private void endSaving(String id, String status)
    {
        for (int attempt = 0; attempt < MAX_RETRIES; attempt++) {
            Optional<Image> current = store.find(id);
            if (current.isEmpty() || !current.get().status().equals(Image.SAVING)) {
                return;
            }
            Image ended = current.get().toBuilder().status(status).updatedAt(now()).build();
            boolean written = store.work().inTransaction(() -> {
                if (!store.update(ended)) {
                    return false;
                }
                reserve(ended.owner(), COUNT_UPLOADING, -1);
                return true;
            });
            if (written) {
                return;
            }
        }
    }

    /**
     * Makes an image active with data already stored under its id in {@code dataProject}'s storage, if it is still in
     * {@code fromStatus}: records size and checksums, counts the size against the owner's image_size_total, gives back
     * its image_count_uploading and publishes image.upload and image.activate, all in one transaction. For uploads
     * and for imports.
     *
     * @throws ApiException 410 when the image went away or left {@code fromStatus} meanwhile, 413 over the size quota
     */
    public Image commitData(String id, String fromStatus, String dataProject, long size, String md5, String sha512)
    {
        String project = dataProject;
        for (int attempt = 0; attempt < MAX_RETRIES; attempt++) {
            Optional<Image> current = store.find(id);
            if (current.isEmpty() || !current.get().status().equals(fromStatus)) {
                throw new ApiException(ImageErrorCode.GONE, "Image " + id + " could not be found after upload. The image may have been deleted"
                        + " during the upload.");
            }
            Image active = current.get().toBuilder()
                    .status(Image.ACTIVE)
                    .size(OptionalLong.of(size))
                    .virtualSize(OptionalLong.empty())
                    .checksum(Optional.of(md5))
                    .hash(Optional.of(HASH_ALGO), Optional.of(sha512))
                    .dataProject(Optional.of(project))
                    .updatedAt(now())
                    .build();
            boolean written = store.work().inTransaction(() -> {
                if (!store.update(active)) {
                    return false;
                }
                reserve(active.owner(), COUNT_UPLOADING, -1);
                reserve(active.owner(), SIZE_TOTAL, size);
                publish("image.upload", active);
                publish("image.activate", active);
                return true;
            });
            if (written) {
                return active;
            }
        }
        throw ImageAttributes.conflict("The image was changed by another request; try again.");
    }

    /**
     * The image whose data the caller may download; empty when it has none (Glance's 204).
     *
     * @throws ApiException 403 for a non-admin while the image is deactivated
     */
    public Optional<Image> dataOf(AuthContext caller, String id)
    {
        Image image = visible(caller, id);
        if (image.status().equals(Image.DEACTIVATED) && !isAdmin(caller)) {
            throw ImageAttributes.forbidden("The requested image has been deactivated. Image data download is forbidden.");
        }
        if (!holdsSize(image) || image.dataProject().isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(image);
    }

    /** A stream over part of an image's stored data. */
    public InputStream open(Image image, long offset, long length)
    {
        try {
            return bytes.open(image.dataProject().orElseThrow(), image.id(), offset, length);
        }
        catch (IOException e) {
            LOG.error("data of image {} could not be read", image.id(), e);
            throw new ApiException(ImageErrorCode.INTERNAL_ERROR, "The image data could not be read.");
        }
    }

    // ---- actions

    public void deactivate(AuthContext caller, String id)
    {
        change(caller, id, image -> switch (image.status()) {
            case Image.ACTIVE -> image.toBuilder().status(Image.DEACTIVATED).build();
            case Image.DEACTIVATED -> image;
            default -> throw ImageAttributes.forbidden("Not allowed to deactivate image in status '" + image.status() + "'");
        }, "image.deactivate");
    }

    public void reactivate(AuthContext caller, String id)
    {
        change(caller, id, image -> switch (image.status()) {
            case Image.DEACTIVATED -> image.toBuilder().status(Image.ACTIVE).build();
            case Image.ACTIVE -> image;
            default -> throw ImageAttributes.forbidden("Not allowed to reactivate image in status '" + image.status() + "'");
        }, "image.reactivate");
    }

    // ---- tags

    public void addTag(AuthContext caller, String id, String tag)
    {
        String checked = ImageAttributes.tag(tag);
        change(caller, id, image -> {
            if (image.tags().contains(checked)) {
                return image;
            }
            List<String> tags = new ArrayList<>(image.tags());
            tags.add(checked);
            if (tags.size() > limits.maxTags()) {
                throw new ApiException(ImageErrorCode.REQUEST_ENTITY_TOO_LARGE, "Maximum number of tags exceeded (" + limits.maxTags() + ").");
            }
            return image.toBuilder().tags(tags).build();
        }, "image.update");
    }

    public void deleteTag(AuthContext caller, String id, String tag)
    {
        change(caller, id, image -> {
            if (!image.tags().contains(tag)) {
                throw new ApiException(ImageErrorCode.NOT_FOUND, "Tag " + ImageAttributes.shorten(tag) + " not found.");
            }
            List<String> tags = new ArrayList<>(image.tags());
            tags.remove(tag);
            return image.toBuilder().tags(tags).build();
        }, "image.update");
    }

    // ---- recovery

    /** After a crash: uploads that were under way end killed, their partial bytes removed and their quota given back. */
    public int recoverInterruptedUploads()
    {
        int recovered = 0;
        for (String id : store.idsInStatus(Image.SAVING, 1000)) {
            Optional<Image> image = store.find(id);
            endSaving(id, Image.KILLED);
            image.ifPresent(saving -> deleteBytes(saving.owner(), id));
            recovered++;
        }
        return recovered;
    }

    // ---- quotas and events

    /** Reserves (or, negative, gives back) quota in the open transaction, or one of its own. */
    public void reserve(String project, String resource, long amount)
    {
        store.work().transaction(handle -> {
            quotas.reserve(handle, project, resource, amount);
            return null;
        });
    }

    /** How much more of a resource the project may use; Long.MAX_VALUE when unlimited. */
    public long remaining(String project, String resource)
    {
        return store.work().handle(handle -> {
            long limit = quotas.limit(handle, project, resource);
            if (limit < 0) {
                return Long.MAX_VALUE;
            }
            return Math.max(0, limit - quotas.inUse(handle, project, resource));
        });
    }

    public void publish(String type, Image image)
    {
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("id", image.id());
        image.name().ifPresent(name -> payload.put("name", name));
        payload.put("status", image.status());
        payload.put("owner", image.owner());
        payload.put("visibility", image.visibility());
        image.size().ifPresent(size -> payload.put("size", size));
        image.checksum().ifPresent(checksum -> payload.put("checksum", checksum));
        events.publish(Event.of(type, Optional.of(image.owner()), "image", image.id(), payload));
    }

    public Instant now()
    {
        return clock.instant().truncatedTo(ChronoUnit.SECONDS);
    }
}
