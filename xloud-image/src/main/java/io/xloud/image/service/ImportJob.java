package io.xloud.image.service;

import com.fasterxml.jackson.databind.JsonNode;
import io.xloud.core.error.ApiException;
import io.xloud.core.jobs.JobContext;
import io.xloud.core.jobs.JobHandler;
import io.xloud.core.json.Json;
import io.xloud.image.driver.HttpImageSource;
import io.xloud.image.store.ImportStore;
import io.xloud.image.store.ImportStore.Staged;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * Runs one import task (job kind {@value ImportService#JOB_KIND}), as Glance's api_image_import flow does: the data
 * comes from the staging area (glance-direct), from a URL (web-download, through the staging area) or from a store
 * the image is in (copy-image), and is copied into each target store, digests computed on the way. The image goes
 * active with the last store (or the first, when not every store must succeed); a failure that must not be
 * tolerated reverts every store this task wrote, sets the image back to queued (except for copy-image) and fails the
 * task. The handler is idempotent: after a crash it runs again from the start, writing the same keys.
 */
public final class ImportJob
        implements JobHandler
{
    private static final Logger LOG = LoggerFactory.getLogger(ImportJob.class);

    private final ImportService service;
    private final ImportStore store;
    private final ImageBytes bytes;
    private final HttpImageSource web;
    private final Clock clock;

    public ImportJob(ImportService service, ImportStore store, ImageBytes bytes, HttpImageSource web, Clock clock)
    {
        this.service = requireNonNull(service, "service is null");
        this.store = requireNonNull(store, "store is null");
        this.bytes = requireNonNull(bytes, "bytes is null");
        this.web = requireNonNull(web, "web is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    /** What the task asks for, read from its input. */
    private record Plan(String imageId, String method, Optional<String> uri, List<String> targets, boolean mustSucceed) {}

    /** A store could not take the data; the message goes on the task. */
    private static final class StoreFailure
            extends Exception
    {
        StoreFailure(String message)
        {
            super(message, null, false, false);
        }
    }

    @Override
    public String handle(JobContext context)
            throws Exception
    {
        String taskId = Json.mapper().readTree(context.payload()).path("task_id").asText();
        Optional<ImageTask> found = store.task(taskId);
        if (found.isEmpty() || found.get().isFinished()) {
            return found.map(task -> "task already " + task.status()).orElse("no such task");
        }
        ImageTask task = found.get();
        Plan plan = plan(task);
        Optional<ImportImageState> image = store.image(plan.imageId()).filter(state -> !state.status().equals("deleted"));
        if (image.isEmpty()) {
            fail(task, plan, List.of(), List.of(), "Image has been deleted, aborting import.");
            return "image deleted";
        }
        if (!store.property(plan.imageId(), ImportService.IMPORT_TASK).equals(Optional.of(taskId))) {
            store.updateTask(taskId, ImageTask.FAILURE, Optional.empty(), "Image " + plan.imageId() + " is locked by another import task.",
                    clock.instant(), Optional.of(clock.instant().plus(ImportService.TASK_TIME_TO_LIVE)));
            return "lock lost";
        }
        store.updateTask(taskId, ImageTask.PROCESSING, Optional.empty(), "", clock.instant(), Optional.empty());
        String owner = image.get().owner();

        Source source;
        try {
            source = source(context, plan, image.get());
        }
        catch (StoreFailure e) {
            // no data to write anywhere: every store the import was for failed, as Glance reports it
            fail(task, plan, List.of(), plan.targets(), e.getMessage());
            return "failed: " + e.getMessage();
        }

        List<String> written = new ArrayList<>();
        for (int i = 0; i < plan.targets().size(); i++) {
            if (context.isStopping()) {
                throw new IllegalStateException("the node is stopping; the import runs again");
            }
            String target = plan.targets().get(i);
            if (store.image(plan.imageId()).isEmpty()) {
                break;
            }
            boolean setActive = !plan.method().equals(ImportRequest.COPY_IMAGE) && (!plan.mustSucceed() || i == plan.targets().size() - 1);
            try {
                copy(owner, source, plan, target, setActive, image.get());
                written.add(target);
            }
            catch (StoreFailure e) {
                if (plan.mustSucceed()) {
                    written.add(target);
                    fail(task, plan, written, List.of(target), e.getMessage());
                    return "failed: " + e.getMessage();
                }
                LOG.warn("import task {} of image {} could not write store {}: {}", taskId, plan.imageId(), target, e.getMessage());
                bytes.delete(owner, service.stores().objectKey(target, plan.imageId()));
                service.mergeStoreList(plan.imageId(), ImportService.FAILED_IMPORT, List.of(target), false, clock.instant());
                service.mergeStoreList(plan.imageId(), ImportService.IMPORTING_TO_STORES, List.of(target), true, clock.instant());
            }
        }
        Optional<ImportImageState> after = store.image(plan.imageId());
        if (after.isEmpty() || after.get().status().equals("deleted")) {
            // the image went while its data was copied: every key this task wrote goes too, its own key included
            for (String target : written) {
                bytes.delete(owner, service.stores().objectKey(target, plan.imageId()));
            }
            service.forgetImage(owner, plan.imageId());
            finishSource(owner, plan, source);
            store.updateTask(taskId, ImageTask.FAILURE, Optional.empty(), "Image has been deleted, aborting import.", clock.instant(),
                    Optional.of(clock.instant().plus(ImportService.TASK_TIME_TO_LIVE)));
            return "image deleted during import";
        }
        if (!plan.method().equals(ImportRequest.COPY_IMAGE) && !after.get().status().equals("active")) {
            fail(task, plan, written, List.of(), "None of the uploads finished!");
            return "no store succeeded";
        }
        finishSource(owner, plan, source);
        store.unitOfWork().run(() -> {
            store.updateTask(taskId, ImageTask.SUCCESS, Optional.of(Json.mapper().createObjectNode().put("image_id", plan.imageId()).toString()),
                    "", clock.instant(), Optional.of(clock.instant().plus(ImportService.TASK_TIME_TO_LIVE)));
            store.removeProperty(plan.imageId(), ImportService.IMPORT_TASK, Optional.of(taskId), clock.instant());
        });
        return "imported to " + String.join(",", written);
    }

    private static Plan plan(ImageTask task)
            throws IOException
    {
        JsonNode input = Json.mapper().readTree(task.input());
        JsonNode request = input.path("import_req");
        List<String> targets = new ArrayList<>();
        input.path("backend").forEach(node -> targets.add(node.asText()));
        JsonNode uri = request.path("method").path("uri");
        return new Plan(input.path("image_id").asText(), request.path("method").path("name").asText(),
                uri.isTextual() ? Optional.of(uri.asText()) : Optional.empty(), targets,
                request.path("all_stores_must_succeed").asBoolean(true));
    }

    /** Where the data is read from: a key in the object engine and its size. */
    private record Source(String key, long size, boolean staged) {}

    private Source source(JobContext context, Plan plan, ImportImageState image)
            throws StoreFailure, InterruptedException
    {
        switch (plan.method()) {
            case ImportRequest.GLANCE_DIRECT -> {
                Staged staged = store.staged(plan.imageId()).filter(Staged::complete)
                        .orElseThrow(() -> new StoreFailure("Image " + plan.imageId() + " has no staged data."));
                return new Source(staged.objectKey(), staged.size(), true);
            }
            case ImportRequest.WEB_DOWNLOAD -> {
                String key = ImageStores.stagingKey(plan.imageId());
                WebDownloadAllowList allowList = service.settings().webDownloadAllowedHosts();
                try (HttpImageSource.Download download = web.open(plan.uri().orElse(""), allowList::checkBeforeConnect)) {
                    long size = bytes.write(image.owner(), key, download.body(), service.settings().importMaxBytes());
                    if (download.length().isPresent() && download.length().getAsLong() != size) {
                        bytes.delete(image.owner(), key);
                        throw new StoreFailure("The download from " + plan.uri().orElse("") + " ended after " + size + " of "
                                + download.length().getAsLong() + " bytes.");
                    }
                    return new Source(key, size, false);
                }
                catch (ApiException e) {
                    throw new StoreFailure(e.getMessage());
                }
                catch (ImageBytes.TooLargeException e) {
                    bytes.delete(image.owner(), key);
                    throw new StoreFailure("The image at " + plan.uri().orElse("") + " is larger than " + service.settings().importMaxBytes() + " bytes.");
                }
                catch (IOException e) {
                    bytes.delete(image.owner(), key);
                    throw new StoreFailure("Downloading " + plan.uri().orElse("") + " failed: " + e.getMessage());
                }
            }
            case ImportRequest.COPY_IMAGE -> {
                List<ImageLocation> locations = store.locations(plan.imageId());
                ImageLocation from = locations.stream().filter(location -> !plan.targets().contains(location.store())).findFirst()
                        .orElseThrow(() -> new StoreFailure("Image " + plan.imageId() + " is in no store to copy from."));
                return new Source(from.objectKey(), from.size(), false);
            }
            default -> throw new StoreFailure("Unknown import method '" + plan.method() + "'.");
        }
    }

    /** Copies the source into one store, records the location, and makes the image active when this store is the one to. */
    private void copy(String owner, Source source, Plan plan, String target, boolean setActive, ImportImageState image)
            throws StoreFailure
    {
        String key = service.stores().objectKey(target, plan.imageId());
        if (key.equals(source.key())) {
            return;
        }
        ImportDigestStream digesting;
        long size;
        try (InputStream in = bytes.open(owner, source.key(), 0, source.size())) {
            digesting = new ImportDigestStream(in);
            size = bytes.write(owner, key, digesting, source.size());
        }
        catch (IOException e) {
            bytes.delete(owner, key);
            throw new StoreFailure("Store " + target + " could not take the data: " + e.getMessage());
        }
        if (size != source.size()) {
            bytes.delete(owner, key);
            throw new StoreFailure("Store " + target + " took " + size + " of " + source.size() + " bytes.");
        }
        String md5 = digesting.md5Hex();
        String sha512 = digesting.sha512Hex();
        if (plan.method().equals(ImportRequest.COPY_IMAGE) && image.checksum().isPresent() && !image.checksum().get().equals(md5)) {
            bytes.delete(owner, key);
            throw new StoreFailure("The copy in store " + target + " does not match the image's checksum.");
        }
        try {
            store.unitOfWork().run(() -> {
                service.putLocation(new ImageLocation(plan.imageId(), target, key, size, clock.instant()));
                service.mergeStoreList(plan.imageId(), ImportService.IMPORTING_TO_STORES, List.of(target), true, clock.instant());
                // a run after a crash may find the image active already
                if (setActive && store.image(plan.imageId()).map(ImportImageState::status).equals(Optional.of("importing"))) {
                    service.activate(plan.imageId(), owner, size, md5, sha512);
                }
            });
        }
        catch (ApiException e) {
            bytes.delete(owner, key);
            throw new StoreFailure(e.getMessage());
        }
    }

    private void finishSource(String owner, Plan plan, Source source)
    {
        if (plan.method().equals(ImportRequest.GLANCE_DIRECT)) {
            service.discardStaged(plan.imageId());
        }
        else if (plan.method().equals(ImportRequest.WEB_DOWNLOAD)) {
            bytes.delete(owner, source.key());
        }
    }

    /**
     * Glance's revert: the stores this task wrote lose the data again, the image's import lists are cleared of the
     * task's stores (the failed ones added to os_glance_failed_import), a non-copy import sets the image back to
     * queued, the task fails and the lock is released.
     */
    private void fail(ImageTask task, Plan plan, List<String> written, List<String> failedStores, String message)
    {
        Optional<ImportImageState> image = store.image(plan.imageId());
        String owner = image.map(ImportImageState::owner).orElse(task.owner());
        for (String target : written) {
            String key = service.stores().objectKey(target, plan.imageId());
            if (plan.method().equals(ImportRequest.COPY_IMAGE) && key.equals(plan.imageId())) {
                continue;
            }
            service.deleteLocation(plan.imageId(), target);
            bytes.delete(owner, key);
        }
        if (!plan.method().equals(ImportRequest.COPY_IMAGE)) {
            if (plan.method().equals(ImportRequest.GLANCE_DIRECT)) {
                service.discardStaged(plan.imageId());
            }
            else {
                bytes.delete(owner, ImageStores.stagingKey(plan.imageId()));
            }
        }
        store.unitOfWork().run(() -> {
            if (image.isPresent()) {
                service.mergeStoreList(plan.imageId(), ImportService.IMPORTING_TO_STORES, plan.targets(), true, clock.instant());
                if (!failedStores.isEmpty()) {
                    service.mergeStoreList(plan.imageId(), ImportService.FAILED_IMPORT, failedStores, false, clock.instant());
                }
                if (!plan.method().equals(ImportRequest.COPY_IMAGE)
                        && store.compareAndSetStatus(plan.imageId(), List.of("importing", "uploading"), "queued", clock.instant())) {
                    service.countUploading(owner, -1);
                }
                store.removeProperty(plan.imageId(), ImportService.IMPORT_TASK, Optional.of(task.id()), clock.instant());
            }
            store.updateTask(task.id(), ImageTask.FAILURE, Optional.empty(), message, clock.instant(),
                    Optional.of(clock.instant().plus(ImportService.TASK_TIME_TO_LIVE)));
        });
    }
}
