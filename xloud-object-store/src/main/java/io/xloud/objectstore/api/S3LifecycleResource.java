package io.xloud.objectstore.api;

import io.xloud.core.jobs.JobSystem;
import io.xloud.core.jobs.PeriodicJob;
import io.xloud.objectstore.s3.LifecycleConfiguration;
import io.xloud.objectstore.s3.RequestPayload;
import io.xloud.objectstore.s3.S3Dates;
import io.xloud.objectstore.s3.S3ErrorCode;
import io.xloud.objectstore.s3.Tagging;
import io.xloud.objectstore.service.ContainerInfo;
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
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import static io.xloud.objectstore.api.S3Api.xml;
import static java.util.Objects.requireNonNull;

/**
 * Lifecycle: Get/Put/DeleteBucketLifecycleConfiguration, and the pass that applies the rules, a periodic job run
 * once per period across the nodes like the engine's expirer: it deletes the objects whose rule's expiration has
 * come, and aborts the multipart uploads begun longer ago than a rule's DaysAfterInitiation. A pass is idempotent
 * and deletes an object only while the version it judged is still current.
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
            return "{\"expired\":" + pass.expired() + ",\"aborted\":" + pass.aborted() + "}";
        });
    }

    /** What a pass did. */
    record Pass(int expired, int aborted) {}

    /** Applies every bucket's enabled rules as of {@code now}. */
    Pass apply(Instant now, Duration day)
    {
        int expired = 0;
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
        if (expired > 0 || aborted > 0) {
            LOG.info("lifecycle rules expired {} objects and aborted {} multipart uploads", expired, aborted);
        }
        return new Pass(expired, aborted);
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
                Map<String, String> tags = S3TaggingResource.tags(object.sysmeta()).tags().stream()
                        .collect(Collectors.toMap(Tagging.Tag::key, Tagging.Tag::value, (first, second) -> first));
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
}
