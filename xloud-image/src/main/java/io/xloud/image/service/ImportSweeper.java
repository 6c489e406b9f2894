package io.xloud.image.service;

import com.fasterxml.jackson.databind.JsonNode;
import io.xloud.core.jobs.Job;
import io.xloud.core.jobs.JobContext;
import io.xloud.core.jobs.JobHandler;
import io.xloud.core.jobs.JobState;
import io.xloud.core.jobs.JobSystem;
import io.xloud.core.json.Json;
import io.xloud.image.store.ImportStore;
import io.xloud.image.store.ImportStore.Staged;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * The periodic sweep of import (job kind {@value #KIND}), run soon after any node starts and then every period:
 * an import whose job is dead (every attempt failed, or its node died during the last) ends with its image killed
 * (a copy-image leaves the image active) and its task failed, so no image stays importing; staged data no import
 * will use, data in stores of deleted images, and expired tasks are removed.
 */
public final class ImportSweeper
        implements JobHandler
{
    public static final String KIND = "image.import-sweep";
    /** Staged data that has been streaming in for this long is taken for data a crash cut off. */
    private static final Duration STALE_STAGE = Duration.ofHours(1);
    private static final int BATCH = 200;

    private static final Logger LOG = LoggerFactory.getLogger(ImportSweeper.class);

    private final ImportService service;
    private final ImportStore store;
    private final ImageBytes bytes;
    private final JobSystem jobs;
    private final Clock clock;

    public ImportSweeper(ImportService service, ImportStore store, ImageBytes bytes, JobSystem jobs, Clock clock)
    {
        this.service = requireNonNull(service, "service is null");
        this.store = requireNonNull(store, "store is null");
        this.bytes = requireNonNull(bytes, "bytes is null");
        this.jobs = requireNonNull(jobs, "jobs is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    @Override
    public String handle(JobContext context)
            throws Exception
    {
        return sweep();
    }

    /** One pass; returns what it did. */
    public String sweep()
            throws IOException
    {
        int killed = 0;
        for (ImageTask task : store.unfinishedTasks(BATCH)) {
            Optional<Job> job = task.jobId().flatMap(jobs::job);
            boolean dead = job.isEmpty() || job.get().state() == JobState.DEAD || job.get().state() == JobState.SUCCEEDED;
            if (dead && store.task(task.id()).filter(found -> !found.isFinished()).isPresent()) {
                kill(task, job.flatMap(Job::lastError).orElse("the import job stopped"));
                killed++;
            }
        }
        int staged = 0;
        for (Staged orphan : store.orphanStaged(clock.instant().minus(STALE_STAGE), BATCH)) {
            bytes.delete(orphan.owner(), orphan.objectKey());
            service.discardStaged(orphan.imageId());
            store.unitOfWork().run(() -> {
                if (store.compareAndSetStatus(orphan.imageId(), List.of("uploading"), "queued", clock.instant())) {
                    service.countUploading(orphan.owner(), -1);
                }
            });
            staged++;
        }
        int locations = 0;
        for (ImageLocation orphan : store.orphanLocations(BATCH)) {
            Optional<ImportImageState> image = store.image(orphan.imageId());
            // the own key of an image still there is the image module's to delete with the image
            if (image.isEmpty() || !orphan.objectKey().equals(orphan.imageId())) {
                bytes.delete(image.map(ImportImageState::owner).orElse(ownerOf(orphan.imageId())), orphan.objectKey());
            }
            store.deleteLocation(orphan.imageId(), orphan.store());
            locations++;
        }
        int expired = store.deleteExpiredTasks(clock.instant());
        return "killed " + killed + ", staged data removed " + staged + ", locations removed " + locations + ", tasks expired " + expired;
    }

    private String ownerOf(String imageId)
    {
        return store.tasksOfImage(imageId).stream().map(ImageTask::owner).findFirst().orElse("");
    }

    private void kill(ImageTask task, String reason)
            throws IOException
    {
        JsonNode input = Json.mapper().readTree(task.input());
        String imageId = input.path("image_id").asText();
        String method = input.path("import_req").path("method").path("name").asText();
        List<String> targets = new java.util.ArrayList<>();
        input.path("backend").forEach(node -> targets.add(node.asText()));
        Instant now = clock.instant();
        LOG.warn("import task {} of image {} ended without finishing ({}); the image is killed", task.id(), imageId, reason);
        Optional<ImportImageState> image = store.image(imageId);
        if (image.isPresent() && !method.equals(ImportRequest.COPY_IMAGE)) {
            if (method.equals(ImportRequest.GLANCE_DIRECT)) {
                service.discardStaged(imageId);
            }
            else {
                bytes.delete(image.get().owner(), ImageStores.stagingKey(imageId));
            }
        }
        store.unitOfWork().run(() -> {
            if (image.isPresent()) {
                service.mergeStoreList(imageId, ImportService.IMPORTING_TO_STORES, targets, true, now);
                if (!method.equals(ImportRequest.COPY_IMAGE)
                        && store.compareAndSetStatus(imageId, List.of("importing", "uploading"), "killed", now)) {
                    service.countUploading(image.get().owner(), -1);
                }
                else {
                    List<String> done = store.locations(imageId).stream().map(ImageLocation::store).toList();
                    service.mergeStoreList(imageId, ImportService.FAILED_IMPORT,
                            targets.stream().filter(target -> !done.contains(target)).toList(), false, now);
                }
                store.removeProperty(imageId, ImportService.IMPORT_TASK, Optional.of(task.id()), now);
            }
            store.updateTask(task.id(), ImageTask.FAILURE, Optional.empty(), "The import stopped: " + reason, now,
                    Optional.of(now.plus(ImportService.TASK_TIME_TO_LIVE)));
        });
    }
}
