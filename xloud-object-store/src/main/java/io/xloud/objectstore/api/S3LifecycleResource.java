package io.xloud.objectstore.api;

import io.xloud.core.error.ApiException;
import io.xloud.core.jobs.JobSystem;
import io.xloud.core.jobs.PeriodicJob;
import io.xloud.objectstore.s3.LifecycleConfiguration;
import io.xloud.objectstore.s3.RequestPayload;
import io.xloud.objectstore.s3.S3Dates;
import io.xloud.objectstore.s3.S3ErrorCode;
import io.xloud.objectstore.s3.Tagging;
import io.xloud.objectstore.service.ContainerInfo;
import io.xloud.objectstore.service.ListEntry;
import io.xloud.objectstore.service.ListQuery;
import io.xloud.objectstore.service.Listing;
import io.xloud.objectstore.service.ObjectInfo;
import io.xloud.objectstore.service.ObjectService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import static io.xloud.objectstore.api.S3Api.xml;
import static java.util.Objects.requireNonNull;

/**
 * Lifecycle: Get/Put/DeleteBucketLifecycleConfiguration, and the pass that applies the rules, a periodic job run
 * once per period across the nodes like the engine's expirer: it deletes the objects whose rule's expiration has
 * come, the versions that have been noncurrent for a rule's NoncurrentDays (beyond the NewerNoncurrentVersions it
 * keeps), delete markers left alone when a rule asks for that, and aborts the multipart uploads begun longer ago
 * than a rule's DaysAfterInitiation. A pass is idempotent; it deletes an object only while the version it judged is
 * still current, and a version or delete marker only while it is still not the latest (or still alone).
 */
public final class S3LifecycleResource
{
    public static final String LIFECYCLE_JOB = "object-store.s3-lifecycle";
    static final String SYSMETA = "s3.lifecycle";

    private static final Logger LOG = LoggerFactory.getLogger(S3LifecycleResource.class);

    private final ObjectService service;
    private final S3MultipartResource multipart;

    S3LifecycleResource(ObjectService service, S3MultipartResource multipart)
    {
        this.service = requireNonNull(service, "service is null");
        this.multipart = requireNonNull(multipart, "multipart is null");
    }

    // ---- the configuration

    void getBucketLifecycle(S3Request request)
            throws IOException
    {
        ContainerInfo bucket = S3Api.requireBucket(service, request);
        LifecycleConfiguration configuration = configuration(bucket)
                .orElseThrow(() -> S3ErrorCode.NO_SUCH_LIFECYCLE_CONFIGURATION.exception("The lifecycle configuration does not exist"));
        xml(request.exchange(), 200, configuration::write);
    }

    void putBucketLifecycle(S3Request request)
            throws IOException
    {
        ContainerInfo bucket = S3Api.requireBucket(service, request);
        LifecycleConfiguration configuration;
        try (RequestPayload body = S3Api.document(request)) {
            configuration = LifecycleConfiguration.parse(body);
        }
        S3Api.storeConfiguration(service, request, bucket, SYSMETA, configuration.toXml());
        request.exchange().respond(200, null, null);
    }

    void deleteBucketLifecycle(S3Request request)
    {
        S3Api.requireBucket(service, request);
        S3Api.removeConfiguration(service, request, SYSMETA);
        request.exchange().noContent();
    }

    private static Optional<LifecycleConfiguration> configuration(ContainerInfo bucket)
    {
        return Optional.ofNullable(bucket.sysmeta().get(SYSMETA)).map(LifecycleConfiguration::fromStored);
    }

    // ---- the pass

    /**
     * Schedules the pass every {@code interval}; {@code day} is how long a rule's day lasts (a day, but shorter in
     * tests, where expiration is then not rounded to midnight).
     */
    public static void schedule(JobSystem jobs, ObjectService service, Duration interval, Duration day, Clock clock)
    {
        if (day.isNegative() || day.isZero()) {
            throw new IllegalArgumentException("object_store.lifecycle_day_seconds must be positive");
        }
        S3LifecycleResource lifecycle = new S3LifecycleResource(service, new S3MultipartResource(service));
        jobs.schedule(PeriodicJob.every(LIFECYCLE_JOB, interval), context -> {
            Pass pass = lifecycle.apply(clock.instant(), day);
            return "{\"expired\":" + pass.expired() + ",\"versions_expired\":" + pass.versionsExpired() + ",\"aborted\":" + pass.aborted() + "}";
        });
    }

    /** What a pass did. */
    record Pass(int expired, int versionsExpired, int aborted) {}

    /** Applies every bucket's enabled rules as of {@code now}. */
    Pass apply(Instant now, Duration day)
    {
        int expired = 0;
        int versionsExpired = 0;
        int aborted = 0;
        for (ContainerInfo bucket : service.containersWithSysmeta(SYSMETA)) {
            LifecycleConfiguration configuration;
            try {
                configuration = configuration(bucket).orElseThrow();
            }
            catch (RuntimeException e) {
                LOG.warn("bucket {} of {} has a lifecycle configuration that does not parse: {}", bucket.name(), bucket.account(), e.getMessage());
                continue;
            }
            for (LifecycleConfiguration.Rule rule : configuration.rules()) {
                if (!rule.enabled()) {
                    continue;
                }
                // one bucket's failure (deleted meanwhile, a database hiccup) does not keep the others from their rules
                try {
                    if (rule.expirationDays().isPresent() || rule.expirationDate().isPresent()) {
                        expired += expire(bucket, rule, now, day);
                    }
                    if (rule.noncurrentDays().isPresent() || rule.expiredObjectDeleteMarker().orElse(false)) {
                        versionsExpired += expireVersions(bucket, rule, now, day);
                    }
                    if (rule.abortIncompleteDays().isPresent()) {
                        aborted += multipart.abortBegunBefore(bucket.account(), bucket.name(), rule.filter().prefix(),
                                upload -> rule.abortAt(upload, day).map(at -> !at.isAfter(now)).orElse(false));
                    }
                }
                catch (RuntimeException e) {
                    LOG.warn("lifecycle rule of bucket {} of {} not applied in this pass: {}", bucket.name(), bucket.account(), e.toString());
                }
            }
        }
        if (expired > 0 || versionsExpired > 0 || aborted > 0) {
            LOG.info("lifecycle rules expired {} objects and {} noncurrent versions or delete markers, and aborted {} multipart uploads",
                    expired, versionsExpired, aborted);
        }
        return new Pass(expired, versionsExpired, aborted);
    }

    private int expire(ContainerInfo bucket, LifecycleConfiguration.Rule rule, Instant now, Duration day)
    {
        // a rule whose date is still to come has nothing to do yet
        if (rule.expirationDate().isPresent() && rule.expirationDate().get().isAfter(now)) {
            return 0;
        }
        int expired = 0;
        Optional<String> prefix = Optional.of(rule.filter().prefix()).filter(value -> !value.isEmpty());
        ListQuery query = new ListQuery(prefix, Optional.empty(), Optional.empty(), Optional.empty(), ObjectService.MAX_LISTING_LIMIT, false);
        while (true) {
            Listing<ObjectInfo> page = service.listObjects(bucket.account(), bucket.name(), query);
            List<ObjectInfo> objects = S3MultipartResource.items(page);
            for (ObjectInfo object : objects) {
                Map<String, String> tags = tagMap(object);
                Instant created = S3Dates.ofMicros(object.lastModified());
                boolean due = rule.expiry(created, day).map(at -> !at.isAfter(now)).orElse(false);
                if (due && rule.filter().matches(object.name(), object.size(), tags) && service.deleteObjectIfCurrent(object.path(), object.version())) {
                    expired++;
                }
            }
            if (!page.truncated() || page.entries().isEmpty()) {
                return expired;
            }
            query = query.withMarker(page.entries().getLast().name());
        }
    }

    /**
     * The versions of a bucket, name by name and newest first: a version stopped being the latest when the one
     * before it in that order was made. Deletes the noncurrent versions the rule lets go, and a delete marker that is
     * all that is left of its name when the rule asks for it.
     */
    private int expireVersions(ContainerInfo bucket, LifecycleConfiguration.Rule rule, Instant now, Duration day)
    {
        int expired = 0;
        Optional<String> prefix = Optional.of(rule.filter().prefix()).filter(value -> !value.isEmpty());
        Optional<String> keyMarker = Optional.empty();
        Optional<Optional<String>> versionMarker = Optional.empty();
        String name = null;
        Instant newerMade = null;
        int noncurrentSeen = 0;
        List<ObjectInfo> alone = new ArrayList<>();
        while (true) {
            Listing<ObjectService.ObjectVersion> page = service.listVersions(bucket.account(), bucket.name(), prefix, Optional.empty(), keyMarker,
                    versionMarker, ObjectService.MAX_LISTING_LIMIT);
            for (ListEntry<ObjectService.ObjectVersion> entry : page.entries()) {
                if (!(entry instanceof ListEntry.Item<ObjectService.ObjectVersion> item)) {
                    continue;
                }
                ObjectInfo version = item.value().object();
                if (!version.name().equals(name)) {
                    expired += removeIfAlone(alone, rule);
                    name = version.name();
                    noncurrentSeen = 0;
                    alone.add(version);
                }
                else {
                    alone.clear();
                    Map<String, String> tags = tagMap(version);
                    if (rule.noncurrentDue(newerMade, noncurrentSeen, now, day) && rule.filter().matches(version.name(), version.size(), tags)
                            && deleteIfNoncurrent(version)) {
                        expired++;
                    }
                    noncurrentSeen++;
                }
                newerMade = S3Dates.ofMicros(version.lastModified());
            }
            if (!page.truncated() || page.entries().isEmpty()) {
                return expired + removeIfAlone(alone, rule);
            }
            ListEntry<ObjectService.ObjectVersion> last = page.entries().getLast();
            if (!(last instanceof ListEntry.Item<ObjectService.ObjectVersion> item)) {
                return expired + removeIfAlone(alone, rule);
            }
            keyMarker = Optional.of(item.value().object().name());
            versionMarker = Optional.of(item.value().object().versionId());
        }
    }

    /** An object's tags by key, as a rule's filter matches them. */
    private static Map<String, String> tagMap(ObjectInfo object)
    {
        return S3TaggingResource.tags(object.sysmeta()).tags().stream()
                .collect(Collectors.toMap(Tagging.Tag::key, Tagging.Tag::value, (first, second) -> first));
    }

    /** A name whose only version is a delete marker: the marker goes, when the rule removes expired delete markers. */
    private int removeIfAlone(List<ObjectInfo> alone, LifecycleConfiguration.Rule rule)
    {
        int removed = 0;
        if (alone.size() == 1 && alone.getFirst().deleteMarker() && rule.expiredObjectDeleteMarker().orElse(false)
                && rule.filter().matches(alone.getFirst().name(), 0, Map.of())) {
            ObjectInfo marker = alone.getFirst();
            List<ObjectService.ObjectVersion> versions = service.listVersions(marker.account(), marker.container(), Optional.of(marker.name()),
                    Optional.empty(), Optional.empty(), Optional.empty(), 2).entries().stream()
                    .filter(entry -> entry instanceof ListEntry.Item<ObjectService.ObjectVersion> item && item.value().object().name().equals(marker.name()))
                    .map(entry -> ((ListEntry.Item<ObjectService.ObjectVersion>) entry).value())
                    .toList();
            // still alone and still the same marker: nothing was written to the name since the listing
            if (versions.size() == 1 && versions.getFirst().object().deleteMarker()
                    && versions.getFirst().object().versionId().equals(marker.versionId())) {
                removed = deleteVersion(marker) ? 1 : 0;
            }
        }
        alone.clear();
        return removed;
    }

    /** Deletes a version judged noncurrent, unless it has become the latest since (its newer versions deleted meanwhile). */
    private boolean deleteIfNoncurrent(ObjectInfo version)
    {
        boolean latest = service.latest(version.path())
                .map(current -> current.versionId().equals(version.versionId()) && current.version() == version.version())
                .orElse(false);
        return !latest && deleteVersion(version);
    }

    private boolean deleteVersion(ObjectInfo version)
    {
        try {
            service.deleteVersion(version.path(), version.versionId());
            return true;
        }
        catch (ApiException e) {
            // gone already: another pass, or its owner
            return false;
        }
    }
}
