package io.xloud.image.service;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.xloud.core.error.ApiException;
import io.xloud.core.jobs.JobSystem;
import io.xloud.core.jobs.NewJob;
import io.xloud.core.json.Json;
import io.xloud.core.limits.QuotaService;
import io.xloud.image.store.ImportStore;
import io.xloud.image.store.ImportStore.Staged;

import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

import static java.util.Objects.requireNonNull;

/**
 * Interoperable image import: staging data ({@code PUT /stage}), starting an import ({@code POST /import}) as a
 * task and a durable job, taking an image's data out of one store, and what the stores of an image are. The job
 * itself is {@link ImportJob}.
 */
public final class ImportService
{
    public static final String JOB_KIND = "image.import";
    public static final String IMPORT_TASK = "os_glance_import_task";
    public static final String IMPORTING_TO_STORES = "os_glance_importing_to_stores";
    public static final String FAILED_IMPORT = "os_glance_failed_import";
    public static final String STAGE_QUOTA = "image_stage_total";
    /** Glance's task_time_to_live: a finished task stays this long. */
    public static final java.time.Duration TASK_TIME_TO_LIVE = java.time.Duration.ofHours(48);
    /** Glance's import lock expiry: a lock whose task has not moved for this long may be taken. */
    private static final java.time.Duration LOCK_EXPIRY = java.time.Duration.ofMinutes(60);
    private static final int MAX_ATTEMPTS = 3;

    private final ImportStore store;
    private final ImageBytes bytes;
    private final ImageStores stores;
    private final ImportSettings settings;
    private final JobSystem jobs;
    private final QuotaService quotas;
    private final Clock clock;
    private volatile ImageActivation activation = this::activateHere;

    public ImportService(ImportStore store, ImageBytes bytes, ImageStores stores, ImportSettings settings, JobSystem jobs, QuotaService quotas,
            Clock clock)
    {
        this.store = requireNonNull(store, "store is null");
        this.bytes = requireNonNull(bytes, "bytes is null");
        this.stores = requireNonNull(stores, "stores is null");
        this.settings = requireNonNull(settings, "settings is null");
        this.jobs = requireNonNull(jobs, "jobs is null");
        this.quotas = requireNonNull(quotas, "quotas is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    public ImageStores stores()
    {
        return stores;
    }

    public ImportSettings settings()
    {
        return settings;
    }

    /** The image as the caller may see it: 404 when it does not exist or is not visible to the caller, as Glance hides it. */
    public ImportImageState visibleImage(ImportCaller caller, String imageId)
    {
        Optional<ImportImageState> image = store.image(imageId).filter(found -> !found.status().equals("deleted"));
        if (image.isEmpty() || !visible(caller, image.get())) {
            throw new ApiException(ImageErrorCode.NOT_FOUND, "No image found with ID " + imageId);
        }
        return image.get();
    }

    private boolean visible(ImportCaller caller, ImportImageState image)
    {
        return caller.admin() || image.owner().equals(caller.projectId()) || image.visibility().equals("public")
                || image.visibility().equals("community") || (image.visibility().equals("shared") && store.isMember(image.id(), caller.projectId()));
    }

    // ---- stores of an image

    /** The stores holding an image's data, sorted: its location rows, or the default store for data uploaded there. */
    public List<String> storesOf(String imageId)
    {
        List<ImageLocation> rows = store.locations(imageId);
        if (!rows.isEmpty()) {
            return rows.stream().map(ImageLocation::store).sorted().toList();
        }
        return store.image(imageId)
                .filter(image -> image.size().isPresent() && (image.status().equals("active") || image.status().equals("deactivated")))
                .map(image -> List.of(stores.defaultStore()))
                .orElse(List.of());
    }

    /** The image's {@code stores} field (a read-only property), kept equal to its locations. */
    public static final String STORES_PROPERTY = "stores";
    public static final String SIZE_QUOTA = "image_size_total";

    /** Writes a location and the image's stores field with it. */
    void putLocation(ImageLocation location)
    {
        store.unitOfWork().run(() -> {
            store.putLocation(location);
            syncStores(location.imageId());
        });
    }

    /** Removes a location and updates the image's stores field; false when there was none. */
    boolean deleteLocation(String imageId, String storeId)
    {
        return store.unitOfWork().inTransaction(() -> {
            boolean deleted = store.deleteLocation(imageId, storeId);
            syncStores(imageId);
            return deleted;
        });
    }

    private void syncStores(String imageId)
    {
        List<String> ids = store.locations(imageId).stream().map(ImageLocation::store).sorted().toList();
        if (store.image(imageId).isEmpty()) {
            return;
        }
        if (ids.isEmpty()) {
            store.removeProperty(imageId, STORES_PROPERTY, Optional.empty(), clock.instant());
        }
        else if (!store.property(imageId, STORES_PROPERTY).equals(Optional.of(String.join(",", ids)))) {
            store.setProperty(imageId, STORES_PROPERTY, String.join(",", ids), clock.instant());
        }
    }

    /** Data uploaded through {@code PUT /file} is in the default store under the image's own key. */
    public void recordUpload(String imageId, long size)
    {
        if (store.image(imageId).isPresent()) {
            putLocation(new ImageLocation(imageId, stores.defaultStore(), imageId, size, clock.instant()));
        }
    }

    public static final String COUNT_UPLOADING_QUOTA = "image_count_uploading";

    /** Imports activate images through the image module's data commit from now on. */
    public void activateThrough(ImageActivation commit)
    {
        this.activation = requireNonNull(commit, "commit is null");
    }

    /** Makes an importing image active with its data, in the open unit of work. */
    void activate(String imageId, String dataProject, long size, String md5, String sha512)
    {
        activation.activate(imageId, "importing", dataProject, size, md5, sha512);
    }

    /** The activation when the module has given none (the import side alone): status, data and size quota. */
    private void activateHere(String imageId, String fromStatus, String dataProject, long size, String md5, String sha512)
    {
        store.unitOfWork().run(() -> {
            if (!store.activate(imageId, List.of(fromStatus), dataProject, size, md5, ImportDigestStream.HASH_ALGO, sha512, clock.instant())) {
                throw new ApiException(ImageErrorCode.GONE, "Image " + imageId + " could not be found after import.");
            }
            var handle = store.unitOfWork().current().orElseThrow();
            quotas.reserve(handle, store.image(imageId).orElseThrow().owner(), SIZE_QUOTA, size);
            quotas.reserve(handle, store.image(imageId).orElseThrow().owner(), COUNT_UPLOADING_QUOTA, -1);
        });
    }

    /** An image entering uploading or importing from queued counts against image_count_uploading, as in Glance. */
    void countUploading(String owner, long amount)
    {
        quotas.reserve(store.unitOfWork().current().orElseThrow(), owner, COUNT_UPLOADING_QUOTA, amount);
    }

    /** The locations of an image with data, the implicit default-store one written as a row so that others can join it. */
    List<ImageLocation> materializedLocations(ImportImageState image)
    {
        List<ImageLocation> rows = store.locations(image.id());
        if (!rows.isEmpty() || image.size().isEmpty()) {
            return rows;
        }
        ImageLocation implicit = new ImageLocation(image.id(), stores.defaultStore(), image.id(), image.size().get(), clock.instant());
        putLocation(implicit);
        return List.of(implicit);
    }

    // ---- stage

    /**
     * Stages data for a later glance-direct import: the image goes uploading, the bytes wait in the object engine and
     * count against the project's {@code image_stage_total} until the import ends.
     */
    public void stage(ImportCaller caller, String imageId, InputStream body, OptionalLong declaredLength)
    {
        ImportImageState image = visibleImage(caller, imageId);
        if (!image.status().equals("queued")) {
            throw new ApiException(ImageErrorCode.CONFLICT, "Image status transition from " + image.status() + " to uploading is not allowed");
        }
        long allowed = stageAllowance(image.owner());
        if (declaredLength.isPresent() && declaredLength.getAsLong() > allowed) {
            throw overStageQuota(image.owner(), declaredLength.getAsLong());
        }
        String key = ImageStores.stagingKey(imageId);
        store.unitOfWork().run(() -> {
            Instant now = clock.instant();
            if (!store.compareAndSetStatus(imageId, List.of("queued"), "uploading", now)) {
                throw new ApiException(ImageErrorCode.CONFLICT, "Image status transition from " + image.status() + " to uploading is not allowed");
            }
            countUploading(image.owner(), 1);
            // written before the data, so that data a crash cuts off is found and removed
            store.putStaged(new Staged(imageId, image.owner(), key, 0, false, now));
        });
        long size;
        try {
            size = bytes.write(image.owner(), key, body, allowed);
        }
        catch (ImageBytes.TooLargeException e) {
            abandonStage(image, key);
            throw allowed < settings.importMaxBytes()
                    ? overStageQuota(image.owner(), allowed + 1)
                    : new ApiException(ImageErrorCode.REQUEST_ENTITY_TOO_LARGE, "The incoming image is too large: more than "
                            + settings.importMaxBytes() + " bytes.");
        }
        catch (IOException | RuntimeException e) {
            abandonStage(image, key);
            if (e instanceof ApiException api) {
                throw api;
            }
            throw new ApiException(ImageErrorCode.BAD_REQUEST, "The staged data could not be read: " + e.getMessage());
        }
        try {
            store.unitOfWork().run(() -> {
                // the image may have been deleted while its data streamed in
                if (store.staged(imageId).filter(staged -> !staged.complete()).isEmpty()
                        || !store.compareAndSetStatus(imageId, List.of("uploading"), "uploading", clock.instant())) {
                    throw new ApiException(ImageErrorCode.CONFLICT, "Image " + imageId + " changed while its data was staged.");
                }
                quotas.reserve(store.unitOfWork().current().orElseThrow(), image.owner(), STAGE_QUOTA, size);
                store.putStaged(new Staged(imageId, image.owner(), key, size, true, clock.instant()));
            });
        }
        catch (RuntimeException e) {
            abandonStage(image, key);
            throw e;
        }
    }

    /** The most bytes the owner may stage now: the import size cap, less what its stage quota has left. */
    private long stageAllowance(String owner)
    {
        return store.unitOfWork().transaction(h -> {
            long limit = quotas.limit(h, owner, STAGE_QUOTA);
            if (limit < 0) {
                return settings.importMaxBytes();
            }
            long left = limit - quotas.inUse(h, owner, STAGE_QUOTA);
            if (left <= 0) {
                throw overStageQuota(owner, 1);
            }
            return Math.min(left, settings.importMaxBytes());
        });
    }

    private static ApiException overStageQuota(String owner, long requested)
    {
        return new ApiException(ImageErrorCode.REQUEST_ENTITY_TOO_LARGE, "The image stage quota of project " + owner
                + " does not allow " + requested + " more bytes.");
    }

    private void abandonStage(ImportImageState image, String key)
    {
        try {
            bytes.delete(image.owner(), key);
        }
        finally {
            store.unitOfWork().run(() -> {
                store.deleteStaged(image.id());
                if (store.compareAndSetStatus(image.id(), List.of("uploading"), "queued", clock.instant())) {
                    countUploading(image.owner(), -1);
                }
            });
        }
    }

    /** Drops an image's staged data and gives its stage quota back; nothing when none is staged. */
    public void discardStaged(String imageId)
    {
        Optional<Staged> staged = store.staged(imageId);
        if (staged.isEmpty()) {
            return;
        }
        bytes.delete(staged.get().owner(), staged.get().objectKey());
        store.unitOfWork().run(() -> {
            if (store.deleteStaged(imageId) && staged.get().complete()) {
                quotas.reserve(store.unitOfWork().current().orElseThrow(), staged.get().owner(), STAGE_QUOTA, -staged.get().size());
            }
        });
    }

    // ---- import

    /** Starts an import: checks it as Glance does, records the task, takes the image's import lock and enqueues the job. */
    public void importImage(ImportCaller caller, String imageId, ImportRequest request)
    {
        if (!settings.importMethods().contains(request.method())) {
            throw new ApiException(ImageErrorCode.BAD_REQUEST, "Unknown import method name '" + request.method() + "'.");
        }
        if (request.allStores() && request.stores().isPresent()) {
            throw new ApiException(ImageErrorCode.BAD_REQUEST, "All_stores parameter can't be used with x-image-meta-store header or stores parameter");
        }
        ImportImageState image = visibleImage(caller, imageId);
        String method = request.method();
        if (!method.equals(ImportRequest.COPY_IMAGE)) {
            store.unitOfWork().run(() -> {
                var handle = store.unitOfWork().current().orElseThrow();
                long limit = quotas.limit(handle, image.owner(), SIZE_QUOTA);
                if (limit >= 0 && quotas.inUse(handle, image.owner(), SIZE_QUOTA) >= limit) {
                    throw new ApiException(ImageErrorCode.REQUEST_ENTITY_TOO_LARGE, "The image size quota of project " + image.owner()
                            + " is used up.");
                }
            });
        }
        if (image.status().equals("active") && !method.equals(ImportRequest.COPY_IMAGE)) {
            throw new ApiException(ImageErrorCode.CONFLICT, "Image with status active cannot be target for import");
        }
        if (!image.status().equals("active") && method.equals(ImportRequest.COPY_IMAGE)) {
            throw new ApiException(ImageErrorCode.CONFLICT, "Only images with status active can be targeted for copying");
        }
        if (!image.status().equals("queued") && method.equals(ImportRequest.WEB_DOWNLOAD)) {
            throw new ApiException(ImageErrorCode.CONFLICT, "Image needs to be in 'queued' state to use '" + method + "' method");
        }
        if (!image.status().equals("uploading") && method.equals(ImportRequest.GLANCE_DIRECT)) {
            throw new ApiException(ImageErrorCode.CONFLICT, "Image needs to be staged before 'glance-direct' method can be used");
        }
        if (image.containerFormat().isEmpty()) {
            throw new ApiException(ImageErrorCode.CONFLICT, "'container_format' needs to be set before import");
        }
        if (image.diskFormat().isEmpty()) {
            throw new ApiException(ImageErrorCode.CONFLICT, "'disk_format' needs to be set before import");
        }
        List<String> targets = targets(request);
        if (method.equals(ImportRequest.COPY_IMAGE)) {
            Set<String> present = new TreeSet<>(storesOf(imageId));
            if (request.allStores()) {
                targets = targets.stream().filter(target -> !present.contains(target)).toList();
                if (targets.isEmpty()) {
                    // Glance: nothing to copy, the image is in every store already
                    return;
                }
            }
            else {
                for (String target : targets) {
                    if (present.contains(target)) {
                        throw new ApiException(ImageErrorCode.BAD_REQUEST, "Image is already present at store '" + target + "'");
                    }
                }
            }
        }
        if (method.equals(ImportRequest.WEB_DOWNLOAD)) {
            settings.webDownloadAllowedHosts().check(request.uri().orElse(null));
        }
        if (method.equals(ImportRequest.GLANCE_DIRECT) && store.staged(imageId).filter(Staged::complete).isEmpty()) {
            throw new ApiException(ImageErrorCode.CONFLICT, "Image needs to be staged before 'glance-direct' method can be used");
        }
        breakStaleLock(imageId);
        start(caller, image, request, targets);
    }

    /** The stores an import writes to: all of them, the ones named, or the default one. Unknown ones are 409, as Glance answers. */
    private List<String> targets(ImportRequest request)
    {
        if (request.allStores()) {
            return stores.ids();
        }
        if (request.stores().isEmpty()) {
            return List.of(stores.defaultStore());
        }
        List<String> named = new ArrayList<>(new LinkedHashSet<>(request.stores().get()));
        if (named.isEmpty()) {
            throw new ApiException(ImageErrorCode.BAD_REQUEST, "'stores' must name at least one store.");
        }
        for (String target : named) {
            if (!stores.exists(target)) {
                throw new ApiException(ImageErrorCode.CONFLICT, "Unknown scheme '" + target + "' found in URI");
            }
        }
        return named;
    }

    /** An import lock held by a task that finished, vanished or stalled past Glance's expiry is taken away. */
    private void breakStaleLock(String imageId)
    {
        Optional<String> holder = store.property(imageId, IMPORT_TASK);
        if (holder.isEmpty()) {
            return;
        }
        Optional<ImageTask> task = store.task(holder.get());
        boolean stale = task.isEmpty() || task.get().isFinished()
                || task.get().updatedAt().plus(task.get().status().equals(ImageTask.PENDING) ? LOCK_EXPIRY.multipliedBy(2) : LOCK_EXPIRY)
                .isBefore(clock.instant());
        if (!stale) {
            throw new ApiException(ImageErrorCode.CONFLICT, "Image has active task");
        }
        task.filter(found -> !found.isFinished()).ifPresent(found ->
                store.updateTask(found.id(), ImageTask.FAILURE, Optional.empty(), "Expired lock preempted", clock.instant(),
                        Optional.of(clock.instant().plus(TASK_TIME_TO_LIVE))));
        store.removeProperty(imageId, IMPORT_TASK, holder, clock.instant());
    }

    private void start(ImportCaller caller, ImportImageState image, ImportRequest request, List<String> targets)
    {
        String taskId = UUID.randomUUID().toString();
        Instant now = clock.instant();
        ObjectNode input = Json.mapper().createObjectNode();
        input.put("image_id", image.id());
        try {
            input.set("import_req", Json.mapper().readTree(request.body()));
        }
        catch (IOException e) {
            throw new ApiException(ImageErrorCode.BAD_REQUEST, "The import request is not JSON.");
        }
        input.set("backend", Json.mapper().valueToTree(targets));
        ImageTask task = new ImageTask(taskId, ImageTask.TYPE_IMPORT, ImageTask.PENDING, caller.projectId(), Optional.of(image.id()),
                Optional.of(caller.requestId()), Optional.of(caller.userId()), input.toString(), Optional.empty(), "", Optional.empty(), now, now,
                Optional.empty());
        ObjectNode payload = Json.mapper().createObjectNode().put("task_id", taskId);
        store.unitOfWork().run(() -> {
            store.insertTask(task);
            if (!store.setPropertyIfAbsent(image.id(), IMPORT_TASK, taskId, now)) {
                throw new ApiException(ImageErrorCode.CONFLICT, "New operation on image '" + image.id()
                        + "' is not permitted as prior operation is still in progress");
            }
            if (!request.method().equals(ImportRequest.COPY_IMAGE)) {
                if (!store.compareAndSetStatus(image.id(), List.of(image.status()), "importing", now)) {
                    throw new ApiException(ImageErrorCode.CONFLICT, "Image " + image.id() + " changed while its import was starting.");
                }
                if (image.status().equals("queued")) {
                    countUploading(image.owner(), 1);
                }
            }
            else {
                materializedLocations(image);
            }
            mergeStoreList(image.id(), IMPORTING_TO_STORES, targets, false, now);
            mergeStoreList(image.id(), FAILED_IMPORT, targets, true, now);
            long jobId = jobs.enqueue(store.unitOfWork().current().orElseThrow(),
                    NewJob.of(JOB_KIND, payload.toString()).withMaxAttempts(MAX_ATTEMPTS));
            store.setTaskJob(taskId, jobId);
        });
        jobs.wake();
    }

    /** Adds stores to (or takes them from) a comma-separated os_glance_* store list, kept sorted as Glance keeps it. */
    void mergeStoreList(String imageId, String key, List<String> changes, boolean subtract, Instant now)
    {
        Set<String> merged = new TreeSet<>();
        for (String existing : store.property(imageId, key).orElse("").split(",")) {
            if (!existing.isBlank()) {
                merged.add(existing);
            }
        }
        if (subtract) {
            changes.forEach(merged::remove);
        }
        else {
            merged.addAll(changes);
        }
        store.setProperty(imageId, key, String.join(",", merged), now);
    }

    // ---- stores of one image

    /** {@code DELETE /v2/stores/{store}/{image}}: the image's data leaves one store, never its last. */
    public void deleteFromStore(ImportCaller caller, String storeId, String imageId)
    {
        if (!stores.exists(storeId)) {
            throw new ApiException(ImageErrorCode.CONFLICT, "The selected store " + storeId + " is not available on this node.");
        }
        ImportImageState image = visibleImage(caller, imageId);
        if (!image.status().equals("active")) {
            throw new ApiException(ImageErrorCode.CONFLICT, "It's not allowed to remove image data from store if image status is not 'active'");
        }
        List<ImageLocation> locations = store.unitOfWork().inTransaction(() -> materializedLocations(image));
        Optional<ImageLocation> location = locations.stream().filter(found -> found.store().equals(storeId)).findFirst();
        if (location.isPresent() && locations.size() == 1) {
            throw new ApiException(ImageErrorCode.FORBIDDEN, "Cannot delete image data from the only store containing it. "
                    + "Consider deleting the image instead.");
        }
        if (location.isEmpty()) {
            throw new ApiException(ImageErrorCode.NOT_FOUND, "Image " + imageId + " is not stored in store " + storeId + ".");
        }
        if (store.property(imageId, IMPORT_TASK).isPresent()) {
            throw new ApiException(ImageErrorCode.CONFLICT, "Image has active task");
        }
        if (deleteLocation(imageId, storeId)) {
            bytes.delete(image.owner(), location.get().objectKey());
        }
    }

    /** Removes every copy of an image's data outside its default key, and its staged data: the image is gone. */
    public void forgetImage(String projectId, String imageId)
    {
        for (ImageLocation location : store.locations(imageId)) {
            if (!location.objectKey().equals(imageId)) {
                bytes.delete(projectId, location.objectKey());
            }
        }
        store.unitOfWork().run(() -> {
            store.deleteLocations(imageId);
            syncStores(imageId);
        });
        discardStaged(imageId);
    }

    // ---- tasks

    public List<ImageTask> tasksOfImage(String imageId)
    {
        return store.tasksOfImage(imageId);
    }

    public Optional<ImageTask> task(String taskId)
    {
        return store.task(taskId);
    }

    public List<ImageTask> tasks(Optional<String> owner, Optional<String> status, Optional<String> type, Optional<String> marker, boolean ascending,
            int limit)
    {
        Optional<ImageTask> markerTask = Optional.empty();
        if (marker.isPresent()) {
            markerTask = store.task(marker.get()).filter(found -> owner.isEmpty() || owner.get().equals(found.owner()));
            if (markerTask.isEmpty()) {
                throw new ApiException(ImageErrorCode.BAD_REQUEST, "Invalid marker. Task " + marker.get() + " could not be found.");
            }
        }
        return store.tasks(owner, status, type, markerTask, ascending, limit);
    }
}
