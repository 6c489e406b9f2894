package io.xloud.objectstore.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.xloud.core.jobs.JobSystem;
import io.xloud.core.jobs.PeriodicJob;
import io.xloud.core.json.Json;

import java.io.IOException;
import java.time.Duration;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * The engine's background work, as periodic jobs that run once per period across all nodes: the expirer
 * (objects past X-Delete-At), the sweep (blobs no object names, left by a crash between a blob's rename and
 * its commit or after a commit and before the old blob's removal; tombstones; temp files of dead processes),
 * and the audit (stored bytes against their MD5, resuming where the last pass, on whichever node, stopped).
 * Every pass is idempotent: a pass repeated after a node died mid-pass finds less to do, never a wrong state.
 */
public final class ObjectMaintenance
{
    public static final String EXPIRER = "object-store.expirer";
    public static final String SWEEP = "object-store.sweep";
    public static final String AUDIT = "object-store.audit";

    private static final int BATCH = 1000;

    private final ObjectService objects;
    private final Runnable temporarySweep;

    /** {@code temporarySweep} removes the temp files of dead processes (the blob store's), as part of the sweep. */
    public ObjectMaintenance(ObjectService objects, Runnable temporarySweep)
    {
        this.objects = requireNonNull(objects, "objects is null");
        this.temporarySweep = requireNonNull(temporarySweep, "temporarySweep is null");
    }

    /**
     * Registers the passes with the job system: the sweep due at once and then every {@code sweepInterval},
     * the expirer every {@code expiryInterval}, the audit of {@code auditBytesPerSweep} every sweep interval (0 is off).
     */
    public void register(JobSystem jobs, Duration expiryInterval, Duration sweepInterval, long auditBytesPerSweep)
    {
        jobs.schedule(PeriodicJob.every(EXPIRER, expiryInterval), context -> "{\"reaped\":" + reapExpired() + "}");
        jobs.schedule(new PeriodicJob(SWEEP, sweepInterval, Duration.ZERO), context -> sweep());
        if (auditBytesPerSweep > 0) {
            jobs.schedule(PeriodicJob.every(AUDIT, sweepInterval), context -> audit(jobs.lastResult(AUDIT), auditBytesPerSweep));
        }
    }

    /** Removes orphan blobs, purges tombstones and the temp files of dead processes; returns what it did as JSON. */
    public String sweep()
            throws IOException
    {
        int removed = objects.sweepOrphanBlobs();
        int purged = 0;
        int batch;
        do {
            batch = objects.purgeTombstones(BATCH);
            purged += batch;
        }
        while (batch == BATCH);
        temporarySweep.run();
        return "{\"orphans\":" + removed + ",\"tombstones\":" + purged + "}";
    }

    /** Checks about {@code maxBytes} more objects against their MD5 after the cursor of the last pass's result; returns this pass's result. */
    String audit(Optional<String> lastResult, long maxBytes)
    {
        ObjectService.AuditPass pass = objects.audit(lastResult.flatMap(ObjectMaintenance::cursor), maxBytes);
        ObjectNode result = Json.mapper().createObjectNode();
        result.put("objects", pass.objectsChecked());
        result.put("bytes", pass.bytesChecked());
        result.put("corrupt", pass.corrupt().size());
        result.put("quarantined", pass.quarantined().size());
        pass.resumeAfter().ifPresent(after -> result.putObject("resume_after")
                .put("account", after.account())
                .put("container", after.container())
                .put("object", after.object()));
        String text = result.toString();
        // a cursor too long for the job log starts the next pass over rather than losing its place silently
        return text.length() <= 4000 ? text : "{\"objects\":" + pass.objectsChecked() + ",\"bytes\":" + pass.bytesChecked() + "}";
    }

    private static Optional<ObjectPath> cursor(String result)
    {
        try {
            JsonNode after = Json.mapper().readTree(result).path("resume_after");
            if (!after.isObject()) {
                return Optional.empty();
            }
            return Optional.of(new ObjectPath(after.path("account").asText(), after.path("container").asText(), after.path("object").asText()));
        }
        catch (IOException e) {
            return Optional.empty();
        }
    }

    /** Deletes every object whose expiry time has passed; returns how many. */
    public int reapExpired()
    {
        int total = 0;
        int reaped;
        do {
            reaped = objects.reapExpired(BATCH);
            total += reaped;
        }
        while (reaped == BATCH);
        return total;
    }
}
