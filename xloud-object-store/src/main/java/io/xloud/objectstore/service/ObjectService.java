package io.xloud.objectstore.service;

import io.xloud.core.db.UnitOfWork;
import io.xloud.core.error.ApiException;
import io.xloud.core.events.EventPublisher;
import io.xloud.objectstore.driver.BlobNotFoundException;
import io.xloud.objectstore.driver.BlobStore;
import io.xloud.objectstore.driver.BlobStore.BlobWrite;
import io.xloud.objectstore.driver.BlobStore.StagedBlob;
import io.xloud.objectstore.driver.BlobTooLargeException;
import io.xloud.objectstore.driver.InsufficientStorageException;
import io.xloud.objectstore.store.AccountRow;
import io.xloud.objectstore.store.AccountUsage;
import io.xloud.objectstore.store.Bounds;
import io.xloud.objectstore.store.ContainerRow;
import io.xloud.objectstore.store.ObjectMetadataStore;
import io.xloud.objectstore.store.ObjectMetadataStore.ContainerDeletion;
import io.xloud.objectstore.store.ObjectMetadataStore.Outcome;
import io.xloud.objectstore.store.ObjectRow;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.function.Predicate;

import static java.util.Objects.requireNonNull;

/**
 * The object engine both faces use: accounts (one per project), containers and objects, with their metadata.
 *
 * <p>A write streams its bytes into a new blob (never held in memory), checks them, and only then commits the
 * object row, together with the container's counts; the blob it replaces is removed after the commit. Writes
 * and deletes carry the timestamp of their arrival and the later one wins: a slower, older write never
 * replaces a newer object or brings back a deleted one. Reads see an object whole, old or new, never mixed.
 *
 * <p>Names are validated here (lengths in UTF-8 bytes, no NUL); everything HTTP (headers, ACLs, dialects)
 * stays in the faces. Failures are {@link ApiException}s carrying an {@link ObjectErrorCode}.
 */
public final class ObjectService
{
    private static final Logger LOG = LoggerFactory.getLogger(ObjectService.class);

    /** Swift's max_file_size: 5 GiB and two bytes. */
    public static final long MAX_OBJECT_SIZE = 5L * 1024 * 1024 * 1024 + 2;
    public static final int MAX_CONTAINER_NAME_LENGTH = 256;
    public static final int MAX_OBJECT_NAME_LENGTH = 1024;
    public static final int MAX_LISTING_LIMIT = 10_000;
    /** The sysmeta key where the engine keeps the content MD5 when the face stored another ETag. */
    public static final String CONTENT_MD5 = "engine.content-md5";
    /** Where an account's system metadata sits among its metadata: no header name can make a key with ':'. */
    private static final String ACCOUNT_SYSMETA_PREFIX = "sys:";
    /** How long a tombstone outlives its delete: longer than any write can take. */
    private static final long TOMBSTONE_LIFETIME_MICROS = 24L * 3600 * 1_000_000;
    private static final int LISTING_BATCH = 1000;

    private final ObjectMetadataStore store;
    private final BlobStore blobs;
    private final Timestamps timestamps;
    private final UnitOfWork work;
    private final EventPublisher events;

    public ObjectService(ObjectMetadataStore store, BlobStore blobs, Timestamps timestamps)
    {
        this(store, blobs, timestamps, EventPublisher.none());
    }

    /** Each change and its event ({@link ObjectEvents}) commit in one unit of work. */
    public ObjectService(ObjectMetadataStore store, BlobStore blobs, Timestamps timestamps, EventPublisher events)
    {
        this.store = requireNonNull(store, "store is null");
        this.blobs = requireNonNull(blobs, "blobs is null");
        this.timestamps = requireNonNull(timestamps, "timestamps is null");
        this.work = store.unitOfWork();
        this.events = requireNonNull(events, "events is null");
    }

    public Timestamps timestamps()
    {
        return timestamps;
    }

    // ---- accounts

    /** The account with its totals; an account never used comes back empty, never as an error. */
    public AccountInfo account(String account)
    {
        Optional<AccountRow> row = store.account(account);
        AccountUsage usage = store.usage(account);
        Map<String, String> metadata = new HashMap<>();
        Map<String, String> sysmeta = new HashMap<>();
        row.map(AccountRow::metadata).orElse(Map.of()).forEach((key, value) -> {
            if (key.startsWith(ACCOUNT_SYSMETA_PREFIX)) {
                sysmeta.put(key.substring(ACCOUNT_SYSMETA_PREFIX.length()), value);
            }
            else {
                metadata.put(key, value);
            }
        });
        return new AccountInfo(account, metadata, sysmeta, usage.containerCount(), usage.objectCount(),
                usage.bytesUsed(), row.map(AccountRow::createdAt).orElse(0L), row.map(AccountRow::updatedAt).orElse(0L));
    }

    public AccountInfo updateAccountMetadata(String account, MetadataUpdate update)
    {
        return updateAccountMetadata(account, update, MetadataUpdate.none());
    }

    /** Changes an account's user metadata and its system metadata together. */
    public AccountInfo updateAccountMetadata(String account, MetadataUpdate metadata, MetadataUpdate sysmeta)
    {
        Map<String, String> sysSet = new HashMap<>();
        sysmeta.set().forEach((key, value) -> sysSet.put(ACCOUNT_SYSMETA_PREFIX + key, value));
        java.util.Set<String> sysRemove = new java.util.HashSet<>();
        sysmeta.remove().forEach(key -> sysRemove.add(ACCOUNT_SYSMETA_PREFIX + key));
        MetadataUpdate prefixed = new MetadataUpdate(sysSet, sysRemove);
        store.updateAccount(account, timestamps.next(), current -> {
            // user metadata keys come from header names, which cannot hold the prefix's ':'; never let them touch system keys
            Map<String, String> user = new HashMap<>(current);
            user.keySet().removeIf(key -> key.startsWith(ACCOUNT_SYSMETA_PREFIX));
            Map<String, String> result = metadata.applyTo(user);
            result.keySet().removeIf(key -> key.startsWith(ACCOUNT_SYSMETA_PREFIX));
            current.forEach((key, value) -> {
                if (key.startsWith(ACCOUNT_SYSMETA_PREFIX)) {
                    result.put(key, value);
                }
            });
            return prefixed.applyTo(result);
        });
        return account(account);
    }

    // ---- containers

    /** Whether {@link #createContainer} made the container, or found it there. */
    public record ContainerCreation(ContainerInfo container, boolean created) {}

    /**
     * Creates a container, or applies the metadata updates to the one already there.
     *
     * @throws ApiException INVALID_CONTAINER_NAME
     */
    public ContainerCreation createContainer(String account, String name, MetadataUpdate metadata, MetadataUpdate sysmeta)
    {
        validateContainerName(name);
        long now = timestamps.next();
        boolean created = work.inTransaction(() -> {
            boolean inserted = store.createContainer(account, name, metadata.applyTo(Map.of()), sysmeta.applyTo(Map.of()), now);
            if (inserted) {
                events.publish(ObjectEvents.container(ObjectEvents.CONTAINER_CREATE, account, name));
            }
            return inserted;
        });
        if (!created && !(metadata.isEmpty() && sysmeta.isEmpty())) {
            return new ContainerCreation(updateContainer(account, name, metadata, sysmeta), false);
        }
        ContainerInfo container = container(account, name)
                .orElseThrow(() -> new ApiException(ObjectErrorCode.CONFLICT, "The container was deleted while it was created."));
        return new ContainerCreation(container, created);
    }

    public Optional<ContainerInfo> container(String account, String name)
    {
        if (!validName(name, MAX_CONTAINER_NAME_LENGTH) || name.indexOf('/') >= 0) {
            return Optional.empty();
        }
        return store.container(account, name).map(ObjectService::containerInfo);
    }

    /**
     * The container as a request about one of its objects needs it: its metadata, ACLs and versioning. Its figures
     * are summed only when it has a quota of its own, for a write to be checked against before its body is read;
     * otherwise its object count, bytes used and last change are -1. A write checks its quotas again in its commit.
     */
    public Optional<ContainerInfo> containerForObject(String account, String name)
    {
        if (!validName(name, MAX_CONTAINER_NAME_LENGTH) || name.indexOf('/') >= 0) {
            return Optional.empty();
        }
        return store.uncountedContainer(account, name).map(ObjectService::containerInfo).flatMap(this::countedWhereQuota);
    }

    /** A container read without its figures, read again with them when it has a quota of its own. */
    private Optional<ContainerInfo> countedWhereQuota(ContainerInfo uncounted)
    {
        return uncounted.hasQuota() ? container(uncounted.account(), uncounted.name()) : Optional.of(uncounted);
    }

    /** The container, or NO_SUCH_CONTAINER. */
    public ContainerInfo requireContainer(String account, String name)
    {
        return container(account, name).orElseThrow(() -> noSuchContainer(name));
    }

    public ContainerInfo updateContainer(String account, String name, MetadataUpdate metadata, MetadataUpdate sysmeta)
    {
        long now = timestamps.next();
        return work.inTransaction(() -> {
            Optional<ContainerRow> updated = store.updateContainer(account, name, row -> row.withMetadata(metadata.applyTo(row.metadata()),
                    sysmeta.applyTo(row.sysmeta()), Math.max(now, row.updatedAt())));
            updated.ifPresent(row -> events.publish(ObjectEvents.container(ObjectEvents.CONTAINER_UPDATE, account, name)));
            return updated;
        })
                .map(ObjectService::containerInfo)
                .orElseThrow(() -> noSuchContainer(name));
    }

    /** @throws ApiException NO_SUCH_CONTAINER, or CONTAINER_NOT_EMPTY while it holds objects */
    public void deleteContainer(String account, String name)
    {
        // expired objects are gone for the user even before the expirer gets to them
        List<ObjectRow> expired;
        int reaped;
        do {
            expired = store.expired(account, name, timestamps.nowSeconds(), 1000);
            reaped = reap(expired);
        }
        while (expired.size() == 1000 && reaped > 0);
        ContainerDeletion result = work.inTransaction(() -> {
            ContainerDeletion deletion = store.deleteContainer(account, name);
            if (deletion == ContainerDeletion.DELETED) {
                events.publish(ObjectEvents.container(ObjectEvents.CONTAINER_DELETE, account, name));
            }
            return deletion;
        });
        switch (result) {
            case DELETED -> { }
            case NOT_FOUND -> throw noSuchContainer(name);
            case NOT_EMPTY -> throw new ApiException(ObjectErrorCode.CONTAINER_NOT_EMPTY, "There was a conflict when trying to complete your request.");
        }
    }

    public Listing<ContainerInfo> listContainers(String account, ListQuery query)
    {
        return list(query, (bounds, limit) -> store.listContainers(account, bounds, limit), ContainerRow::name, ObjectService::containerInfo);
    }

    // ---- S3's bucket namespace

    /** What became of a request for a new S3 bucket. */
    public enum BucketCreation
    {
        CREATED, OWNED_BY_YOU, OWNED_BY_ANOTHER_ACCOUNT
    }

    /**
     * Creates the container of an S3 bucket, if the name is free in S3's namespace or already the caller's: the
     * name and the container are taken in one transaction, so of two accounts asking at once one gets it.
     */
    public BucketCreation createBucket(String account, String name, MetadataUpdate sysmeta)
    {
        validateContainerName(name);
        long now = timestamps.next();
        return work.inTransaction(() -> {
            if (!store.claimBucket(account, name, now).equals(account)) {
                return BucketCreation.OWNED_BY_ANOTHER_ACCOUNT;
            }
            if (!store.createContainer(account, name, Map.of(), sysmeta.applyTo(Map.of()), now)) {
                return BucketCreation.OWNED_BY_YOU;
            }
            events.publish(ObjectEvents.container(ObjectEvents.CONTAINER_CREATE, account, name));
            return BucketCreation.CREATED;
        });
    }

    /**
     * A bucket as registered: the account whose S3 bucket the name is, and that account's container of the name as
     * {@link #containerForObject} reads it (empty when the container is gone while the name is still held).
     */
    public record Bucket(String owner, Optional<ContainerInfo> container)
    {
        public Bucket
        {
            requireNonNull(owner, "owner is null");
            requireNonNull(container, "container is null");
        }
    }

    /** The bucket a name is, as registered, with its container read in the same statement. */
    public Optional<Bucket> bucket(String name)
    {
        return store.bucket(name)
                .map(row -> new Bucket(row.account(), row.container().map(ObjectService::containerInfo).flatMap(this::countedWhereQuota)));
    }

    /** The account whose S3 bucket a name is, as registered; for requests without a caller (a CORS preflight). */
    public Optional<String> bucketOwner(String name)
    {
        return store.bucketOwner(name);
    }

    /**
     * The account whose S3 bucket a name is. A container of the caller's account that no account holds as a bucket
     * (made through Swift, or before the namespace existed) becomes the caller's bucket here.
     */
    public Optional<String> bucketOwner(String account, String name)
    {
        Optional<String> owner = store.bucketOwner(name);
        if (owner.isPresent() || container(account, name).isEmpty()) {
            return owner;
        }
        long now = timestamps.next();
        return work.inTransaction(() -> store.container(account, name).isPresent()
                ? Optional.of(store.claimBucket(account, name, now))
                : store.bucketOwner(name));
    }

    // ---- objects

    /** The current, unexpired version of an object. */
    public Optional<ObjectInfo> object(ObjectPath path)
    {
        if (!storable(path)) {
            return Optional.empty();
        }
        return store.object(path.account(), path.container(), path.object())
                .filter(row -> row.visibleAt(timestamps.nowSeconds()))
                .map(ObjectService::objectInfo);
    }

    /** The object, or NO_SUCH_OBJECT. */
    public ObjectInfo requireObject(ObjectPath path)
    {
        return object(path).orElseThrow(ObjectService::noSuchObject);
    }

    /**
     * Stores an object from a stream. The stream is read to its end and not closed.
     *
     * @throws ApiException INVALID_OBJECT_NAME, NO_SUCH_CONTAINER, ENTITY_TOO_LARGE, QUOTA_EXCEEDED, CHECKSUM_MISMATCH,
     *         INCOMPLETE_BODY, INSUFFICIENT_STORAGE, or what the write's check throws; in every case nothing is stored
     */
    public PutResult putObject(ObjectPath path, InputStream content, ObjectWrite write)
    {
        validateObjectName(path);
        ContainerInfo container = containerForObject(path.account(), path.container()).orElseThrow(() -> noSuchContainer(path.container()));
        return putObject(container, path, content, write);
    }

    /**
     * The same, into a container the caller has just read (e.g. to authorize the request): its figures are what
     * the write checks quotas against before it reads the body; its commit checks them again, and that the
     * container is still there.
     */
    public PutResult putObject(ContainerInfo container, ObjectPath path, InputStream content, ObjectWrite write)
    {
        requireNonNull(content, "content is null");
        if (!container.account().equals(path.account()) || !container.name().equals(path.container())) {
            throw new IllegalArgumentException("the container is not the path's");
        }
        long version = write.version().orElseGet(timestamps::next);
        validateObjectName(path);
        OptionalLong accountQuota = accountQuota(path.account());
        if (write.expectedSize().isPresent()) {
            long size = write.expectedSize().getAsLong();
            if (size > write.maxSize()) {
                throw tooLarge();
            }
            checkQuotas(container, accountQuota, size, 1, () -> store.usage(path.account()).bytesUsed());
        }
        // a small body is kept in the transaction that commits its metadata: one commit for both
        StagedBlob staged = stageBlob(content, write.maxSize());
        BlobWrite written = staged.blob();
        if (write.expectedSize().isPresent() && written.size() != write.expectedSize().getAsLong()) {
            deleteBlob(written.blobId());
            throw new ApiException(ObjectErrorCode.INCOMPLETE_BODY, "The body ended before the announced length.");
        }
        return commit(path, version, staged, write, true, accountQuota);
    }

    /**
     * Stores a new object with the bytes of {@code source} (shared, not read, where the blob store can) and the
     * metadata of {@code write}; its ETag is the source's unless the write names one.
     */
    public PutResult copyObject(ObjectInfo source, ObjectPath target, ObjectWrite write)
    {
        long version = write.version().orElseGet(timestamps::next);
        validateObjectName(target);
        ContainerInfo container = requireContainer(target.account(), target.container());
        if (source.size() > write.maxSize()) {
            throw tooLarge();
        }
        OptionalLong accountQuota = accountQuota(target.account());
        checkQuotas(container, accountQuota, source.size(), 1, () -> store.usage(target.account()).bytesUsed());
        String blobId;
        try {
            blobId = blobs.copy(source.blobId());
        }
        catch (BlobNotFoundException e) {
            throw noSuchObject();
        }
        catch (InsufficientStorageException e) {
            throw insufficientStorage();
        }
        catch (IOException e) {
            throw new ApiException(ObjectErrorCode.INTERNAL_ERROR, "The object could not be copied.");
        }
        String md5 = source.sysmeta().getOrDefault(CONTENT_MD5, source.etag());
        ObjectWrite withEtag = write.etag().isPresent() ? write : write.toBuilder().etag(source.etag()).build();
        return commit(target, version, StagedBlob.durable(new BlobWrite(blobId, source.size(), md5)), withEtag, false, accountQuota);
    }

    private PutResult commit(ObjectPath path, long version, StagedBlob staged, ObjectWrite write, boolean verify, OptionalLong accountQuota)
    {
        String blobId = staged.blob().blobId();
        long size = staged.blob().size();
        String md5 = staged.blob().md5();
        boolean committed = false;
        try {
            if (verify && write.expectedMd5().isPresent() && !write.expectedMd5().get().equalsIgnoreCase(md5)) {
                throw new ApiException(ObjectErrorCode.CHECKSUM_MISMATCH, "Unable to process the contained instructions");
            }
            write.check().ifPresent(check -> check.check(new BlobWrite(blobId, size, md5)));
            Map<String, String> sysmeta = new HashMap<>(write.sysmeta());
            write.lateSysmeta().ifPresent(late -> sysmeta.putAll(late.get()));
            sysmeta.keySet().removeIf(key -> key.startsWith("engine."));
            String etag = write.etag().orElse(md5);
            if (!etag.equals(md5)) {
                sysmeta.put(CONTENT_MD5, md5);
            }
            ObjectRow row = new ObjectRow(path.account(), path.container(), path.object(), version, false, Optional.of(blobId), size, etag,
                    write.contentType(), write.metadata(), write.headers(), sysmeta, write.manifestKind(), write.manifest(), version,
                    write.deleteAt());
            Consumer<Optional<ObjectRow>> current = currentCheck(write.ifCurrent());
            // the blobs this write frees that live in the database go in its commit; files go after it
            List<String> freedFiles = new ArrayList<>();
            Outcome outcome = work.inTransaction(() -> {
                Outcome result = published(store.putObject(row, current, (container, counted, previous, accountBytes) -> {
                    long addedBytes = size - previous.map(ObjectRow::size).orElse(0L);
                    long addedObjects = previous.isPresent() ? 0 : 1;
                    ContainerInfo info = containerInfo(container);
                    if (info.hasQuota()) {
                        info = containerInfo(counted.get());
                    }
                    checkQuotas(info, accountQuota, addedBytes, addedObjects, accountBytes);
                }), ObjectEvents.OBJECT_CREATE);
                freedFiles.clear();
                if (result instanceof Outcome.Applied applied) {
                    staged.keep().run();
                    applied.freedBlobs().stream()
                            .filter(old -> !old.equals(blobId) && !blobs.deleteInTransaction(old))
                            .forEach(freedFiles::add);
                }
                return result;
            });
            return switch (outcome) {
                case Outcome.Applied applied -> {
                    committed = true;
                    freedFiles.forEach(this::deleteBlob);
                    yield new PutResult(objectInfo(applied.row()), false);
                }
                case Outcome.Superseded ignored -> new PutResult(objectInfo(row), true);
                case Outcome.NoContainer ignored -> throw noSuchContainer(path.container());
                case Outcome.NoObject ignored -> throw new IllegalStateException("a write found no object");
            };
        }
        finally {
            if (!committed) {
                deleteBlob(blobId);
            }
        }
    }

    /**
     * A stream over part of an object's bytes, of exactly the version given. A read of the whole object checks
     * the bytes against their MD5 as they pass and fails at the end when they differ.
     *
     * @throws ApiException NO_SUCH_OBJECT when that version is gone (overwritten or deleted since)
     */
    public InputStream open(ObjectInfo object, long offset, long length)
    {
        if (offset < 0 || length < 0 || offset + length > object.size()) {
            throw new IllegalArgumentException("range outside the object");
        }
        try {
            InputStream in = blobs.read(object.blobId(), offset, length);
            if (offset == 0 && length == object.size() && object.manifestKind().isEmpty()) {
                String md5 = object.sysmeta().getOrDefault(CONTENT_MD5, object.etag());
                return new VerifyingInputStream(in, md5, object.path().toString());
            }
            return in;
        }
        catch (BlobNotFoundException e) {
            boolean stillCurrent = store.object(object.account(), object.container(), object.name())
                    .flatMap(ObjectRow::blobId).filter(object.blobId()::equals).isPresent();
            if (stillCurrent) {
                LOG.error("object {} names blob {}, which is missing", object.path(), object.blobId());
                throw new ApiException(ObjectErrorCode.INTERNAL_ERROR, "The object's content is missing.");
            }
            throw new ContentGone();
        }
        catch (IOException e) {
            throw new ApiException(ObjectErrorCode.INTERNAL_ERROR, "The object could not be read.");
        }
    }

    /**
     * Changes an object's metadata without touching its bytes.
     *
     * @throws ApiException NO_SUCH_OBJECT, NO_SUCH_CONTAINER
     */
    public ObjectInfo updateObject(ObjectPath path, ObjectUpdate update)
    {
        long now = timestamps.next();
        long nowSeconds = timestamps.nowSeconds();
        Outcome outcome = work.inTransaction(() -> published(store.updateObject(path.account(), path.container(), path.object(), row -> {
            if (!row.visibleAt(nowSeconds)) {
                throw noSuchObject();
            }
            Map<String, String> sysmeta = update.sysmeta().map(HashMap::new).orElseGet(() -> new HashMap<>(row.sysmeta()));
            sysmeta.keySet().removeIf(key -> key.startsWith("engine."));
            if (row.sysmeta().containsKey(CONTENT_MD5)) {
                sysmeta.put(CONTENT_MD5, row.sysmeta().get(CONTENT_MD5));
            }
            Optional<String> manifestKind = row.manifestKind();
            Optional<String> manifest = row.manifest();
            if (update.dloManifest().isPresent() && !manifestKind.equals(Optional.of("slo"))) {
                manifest = update.dloManifest().get();
                manifestKind = manifest.map(ignored -> "dlo");
            }
            return new ObjectRow(row.account(), row.container(), row.name(), row.version(), false, row.blobId(), row.size(), row.etag(),
                    update.contentType().orElse(row.contentType()), update.metadata().orElse(row.metadata()),
                    update.headers().orElse(row.headers()), sysmeta, manifestKind, manifest, Math.max(now, row.lastModified()),
                    update.deleteAt().orElse(row.deleteAt()));
        }), ObjectEvents.OBJECT_UPDATE));
        return switch (outcome) {
            case Outcome.Applied applied -> objectInfo(applied.row());
            case Outcome.NoContainer ignored -> throw noSuchObject();
            case Outcome.NoObject ignored -> throw noSuchObject();
            case Outcome.Superseded ignored -> throw new IllegalStateException("an update was superseded");
        };
    }

    /**
     * Sets or removes one sysmeta entry of one version of an object (its tags or ACL): of the latest as
     * {@link #updateSysmeta} does, or of an older version, which keeps its own.
     *
     * @throws ApiException NO_SUCH_VERSION
     */
    public ObjectInfo updateVersionSysmeta(ObjectPath path, Optional<String> versionId, String key, Optional<String> value)
    {
        checkSysmetaKey(key);
        if (!storable(path)) {
            throw noSuchVersion();
        }
        // a version moves from the latest to the older ones when it is overwritten, and back when the newer ones are deleted
        for (int attempt = 0; attempt < 3; attempt++) {
            boolean latest = store.object(path.account(), path.container(), path.object())
                    .filter(row -> !row.deleted() && row.versionId().equals(versionId)).isPresent();
            if (latest) {
                try {
                    return updateSysmeta(path, key, value, row -> row.versionId().equals(versionId));
                }
                catch (VersionMoved moved) {
                    continue;
                }
            }
            Optional<ObjectRow> changed = work.inTransaction(() -> store.updateNoncurrentSysmeta(path.account(), path.container(), path.object(), versionId,
                    sysmeta -> withEntry(sysmeta, key, value)).map(row -> {
                        events.publish(ObjectEvents.object(ObjectEvents.OBJECT_UPDATE, row));
                        return row;
                    }));
            if (changed.isPresent()) {
                return objectInfo(changed.get());
            }
            if (store.objectVersion(path.account(), path.container(), path.object(), versionId).isEmpty()) {
                throw noSuchVersion();
            }
        }
        throw new ApiException(ObjectErrorCode.CONFLICT, "The version changed while it was being updated; try again.");
    }

    private static void checkSysmetaKey(String key)
    {
        requireNonNull(key, "key is null");
        if (key.startsWith("engine.")) {
            throw new IllegalArgumentException("the engine's own sysmeta is not changed from outside");
        }
    }

    /** A copy of {@code sysmeta} with {@code key} set to the value, or removed when there is none. */
    private static Map<String, String> withEntry(Map<String, String> sysmeta, String key, Optional<String> value)
    {
        Map<String, String> copy = new HashMap<>(sysmeta);
        value.ifPresentOrElse(text -> copy.put(key, text), () -> copy.remove(key));
        return copy;
    }

    /** The version an update was meant for is no longer the latest. */
    private static final class VersionMoved
            extends RuntimeException
    {
        VersionMoved()
        {
            super(null, null, false, false);
        }
    }

    /**
     * Sets ({@code value} present) or removes one system metadata entry of an object, keeping its bytes, version and
     * Last-Modified (S3's object tags, which are not a change of the object).
     *
     * @throws ApiException NO_SUCH_OBJECT
     */
    public ObjectInfo updateSysmeta(ObjectPath path, String key, Optional<String> value)
    {
        return updateSysmeta(path, key, value, row -> true);
    }

    /** Only while the latest is the version {@code meant} for ({@link VersionMoved} otherwise). */
    private ObjectInfo updateSysmeta(ObjectPath path, String key, Optional<String> value, Predicate<ObjectRow> meant)
    {
        checkSysmetaKey(key);
        long nowSeconds = timestamps.nowSeconds();
        Outcome outcome = work.inTransaction(() -> published(store.updateObject(path.account(), path.container(), path.object(), row -> {
            if (!row.visibleAt(nowSeconds)) {
                throw noSuchObject();
            }
            if (!meant.test(row)) {
                throw new VersionMoved();
            }
            return new ObjectRow(row.account(), row.container(), row.name(), row.version(), false, row.blobId(), row.size(), row.etag(),
                    row.contentType(), row.metadata(), row.headers(), withEntry(row.sysmeta(), key, value), row.manifestKind(), row.manifest(), row.lastModified(),
                    row.deleteAt());
        }), ObjectEvents.OBJECT_UPDATE));
        return switch (outcome) {
            case Outcome.Applied applied -> objectInfo(applied.row());
            case Outcome.NoContainer ignored -> throw noSuchObject();
            case Outcome.NoObject ignored -> throw noSuchObject();
            case Outcome.Superseded ignored -> throw new IllegalStateException("an update was superseded");
        };
    }

    /**
     * What the store shows a conditional write or delete at its commit: the ETag of the name's current object, empty when
     * there is none or it has expired, goes to {@code ifCurrent}, which throws to refuse.
     */
    private Consumer<Optional<ObjectRow>> currentCheck(Optional<ObjectWrite.CurrentCheck> ifCurrent)
    {
        long nowSeconds = timestamps.nowSeconds();
        return live -> ifCurrent.ifPresent(check -> check.check(live.filter(object -> object.visibleAt(nowSeconds)).map(ObjectRow::etag)));
    }

    /**
     * Deletes the current version of an object and returns it; the name stays deleted for any older write still
     * in flight.
     *
     * @throws ApiException NO_SUCH_OBJECT
     */
    public ObjectInfo deleteObject(ObjectPath path)
    {
        return deleteObject(path, Optional.empty());
    }

    /**
     * The same, only when {@code ifCurrent} accepts the ETag of the object there (empty when there is none); it is
     * judged in the delete's transaction, against concurrent writes, and throws to refuse. A conditional delete of a
     * name with no object changes nothing: no delete marker is written.
     *
     * @throws ApiException NO_SUCH_OBJECT, or what the check throws
     */
    public ObjectInfo deleteObject(ObjectPath path, Optional<ObjectWrite.CurrentCheck> ifCurrent)
    {
        if (!storable(path)) {
            throw noSuchObject();
        }
        // an expired object is gone already; in a versioned container a delete marks the name even where nothing is
        boolean visible = object(path).isPresent();
        Outcome outcome = work.inTransaction(() -> published(store.deleteObject(path.account(), path.container(), path.object(), timestamps.next(),
                row -> visible, ifCurrent.isEmpty(), currentCheck(ifCurrent)), ObjectEvents.OBJECT_DELETE));
        return switch (outcome) {
            // in a versioned container: the delete marker written, which keeps the deleted version
            case Outcome.Applied applied when applied.row().deleteMarker() -> {
                applied.freedBlobs().forEach(this::deleteBlob);
                yield objectInfo(applied.row());
            }
            case Outcome.Applied applied -> {
                ObjectRow previous = applied.previous().orElseThrow();
                applied.freedBlobs().forEach(this::deleteBlob);
                yield objectInfo(previous);
            }
            // a write that arrived after this delete committed first: it stands, and this delete is done
            case Outcome.Superseded superseded -> objectInfo(superseded.current());
            case Outcome.NoContainer ignored -> throw noSuchObject();
            case Outcome.NoObject ignored -> throw noSuchObject();
        };
    }

    /** Deletes an object only while {@code version} is its current version (a rule's decision about that version); whether it did. */
    public boolean deleteObjectIfCurrent(ObjectPath path, long version)
    {
        Outcome outcome = work.inTransaction(() -> published(store.deleteObject(path.account(), path.container(), path.object(), timestamps.next(),
                current -> current.version() == version), ObjectEvents.OBJECT_DELETE));
        if (outcome instanceof Outcome.Applied applied) {
            applied.freedBlobs().forEach(this::deleteBlob);
            return true;
        }
        return false;
    }

    /**
     * Replicates a delete made at {@code version} elsewhere (container sync): the object goes unless a newer write
     * is there; true when it went.
     */
    public boolean deleteObjectAt(ObjectPath path, long version)
    {
        Outcome outcome = work.inTransaction(() -> published(
                store.deleteObject(path.account(), path.container(), path.object(), version, row -> true), ObjectEvents.OBJECT_DELETE));
        if (outcome instanceof Outcome.Applied applied) {
            applied.freedBlobs().forEach(this::deleteBlob);
            return true;
        }
        return false;
    }

    // ---- versions

    /**
     * Sets a container's versioning: enabled, new writes get version ids of their own and replaced versions are kept;
     * suspended, new writes are the null version. Once set, a container keeps its versions until each is deleted.
     *
     * @throws ApiException NO_SUCH_CONTAINER
     */
    public ContainerInfo setVersioning(String account, String name, boolean enabled)
    {
        long now = timestamps.next();
        return work.inTransaction(() -> {
            Optional<ContainerRow> updated = store.setVersioning(account, name, enabled ? ContainerRow.ENABLED : ContainerRow.SUSPENDED, now);
            updated.ifPresent(row -> events.publish(ObjectEvents.container(ObjectEvents.CONTAINER_UPDATE, account, name)));
            return updated;
        })
                .map(ObjectService::containerInfo)
                .orElseThrow(() -> noSuchContainer(name));
    }

    /**
     * The version id a client sent, checked: {@code null} names the null version (empty), anything else must be an id
     * this engine can have made.
     *
     * @throws ApiException INVALID_VERSION_ID
     */
    public static Optional<String> parseVersionId(String text)
    {
        if (text.equals(ObjectInfo.NULL_VERSION_ID)) {
            return Optional.empty();
        }
        if (text.length() != 32 || !text.chars().allMatch(c -> (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
            throw new ApiException(ObjectErrorCode.INVALID_VERSION_ID, "Invalid version id specified");
        }
        return Optional.of(text);
    }

    /**
     * One version of an object by its id (from {@link #parseVersionId}), the latest or an older one; a delete marker
     * comes back with {@link ObjectInfo#deleteMarker()} set.
     *
     * @throws ApiException NO_SUCH_VERSION
     */
    public ObjectInfo objectVersion(ObjectPath path, Optional<String> versionId)
    {
        if (!storable(path)) {
            throw noSuchVersion();
        }
        return store.objectVersion(path.account(), path.container(), path.object(), versionId)
                .filter(row -> row.deleteMarker() || row.visibleAt(timestamps.nowSeconds()))
                .map(ObjectService::objectInfo)
                .orElseThrow(ObjectService::noSuchVersion);
    }

    /** The latest version of a name, a delete marker included; empty when there is neither (for a 404 to tell which). */
    public Optional<ObjectInfo> latest(ObjectPath path)
    {
        if (!storable(path)) {
            return Optional.empty();
        }
        return store.object(path.account(), path.container(), path.object())
                .filter(row -> row.deleteMarker() || row.visibleAt(timestamps.nowSeconds()))
                .map(ObjectService::objectInfo);
    }

    /**
     * Deletes one version for good and returns it; the bytes go after the commit. Deleting the latest makes the newest
     * remaining version the latest (deleting a delete marker brings back the version before it).
     *
     * @throws ApiException NO_SUCH_VERSION
     */
    public ObjectInfo deleteVersion(ObjectPath path, Optional<String> versionId)
    {
        if (!storable(path)) {
            throw noSuchVersion();
        }
        Outcome outcome = work.inTransaction(() -> published(
                store.deleteVersion(path.account(), path.container(), path.object(), versionId, timestamps.next()), ObjectEvents.OBJECT_DELETE));
        return switch (outcome) {
            case Outcome.Applied applied -> {
                applied.freedBlobs().forEach(this::deleteBlob);
                yield objectInfo(applied.row());
            }
            case Outcome.NoContainer ignored -> throw noSuchContainer(path.container());
            case Outcome.NoObject ignored -> throw noSuchVersion();
            case Outcome.Superseded ignored -> throw new IllegalStateException("a version delete was superseded");
        };
    }

    /** One entry of a version listing. */
    public record ObjectVersion(ObjectInfo object, boolean latest)
    {
        public ObjectVersion
        {
            requireNonNull(object, "object is null");
        }
    }

    /**
     * Versions and delete markers of a container, by name and newest first within a name, from after
     * ({@code keyMarker}, {@code versionIdMarker}): without a version id marker, from after every version of the key
     * marker. Prefix and delimiter as in {@link #listObjects}.
     */
    public Listing<ObjectVersion> listVersions(String account, String container, Optional<String> prefix, Optional<String> delimiter,
            Optional<String> keyMarker, Optional<Optional<String>> versionIdMarker, int limit)
    {
        return listVersions(account, container, prefix, delimiter, keyMarker, versionIdMarker, limit, false);
    }

    /**
     * The same, or with {@code reverse} in the exact reverse order (names last to first, oldest first within a
     * name), from after the markers in that order: Swift's {@code ?versions&reverse=true}.
     */
    public Listing<ObjectVersion> listVersions(String account, String container, Optional<String> prefix, Optional<String> delimiter,
            Optional<String> keyMarker, Optional<Optional<String>> versionIdMarker, int limit, boolean reverse)
    {
        limit = Math.min(limit, MAX_LISTING_LIMIT);
        String prefixText = prefix.orElse("");
        Bounds bounds = Bounds.all(reverse).withPrefix(prefixText);
        Optional<ObjectRow> resume = Optional.empty();
        if (keyMarker.isPresent()) {
            // a marker version deleted since the last page: the listing goes on after its key
            Optional<ObjectRow> marker = versionIdMarker.flatMap(id -> store.objectVersion(account, container, keyMarker.get(), id));
            if (marker.isPresent()) {
                resume = Optional.of(rowKey(new ObjectPath(account, container, keyMarker.get()), marker.get().version()));
                bounds = bounds.resumingAt(keyMarker.get());
            }
            else {
                bounds = reverse ? bounds.before(keyMarker.get()) : bounds.after(keyMarker.get());
            }
        }
        List<ListEntry<ObjectVersion>> entries = new ArrayList<>();
        boolean truncated = false;
        outer:
        while (!bounds.isEmpty() && limit > 0) {
            List<ObjectMetadataStore.VersionRow> rows = store.listVersions(account, container, bounds, resume, Math.min(limit + 1, LISTING_BATCH));
            if (rows.isEmpty()) {
                break;
            }
            for (ObjectMetadataStore.VersionRow versionRow : rows) {
                ObjectRow row = versionRow.row();
                String name = row.name();
                int cut = delimiter.map(d -> name.indexOf(d, prefixText.length())).orElse(-1);
                if (cut >= 0) {
                    String subdir = name.substring(0, cut + delimiter.get().length());
                    if (entries.size() == limit) {
                        truncated = true;
                        break outer;
                    }
                    entries.add(new ListEntry.Subdir<>(subdir));
                    Optional<Bounds> past = bounds.past(subdir);
                    if (past.isEmpty()) {
                        break outer;
                    }
                    bounds = past.get();
                    resume = Optional.empty();
                    continue outer;
                }
                if (entries.size() == limit) {
                    truncated = true;
                    break outer;
                }
                entries.add(new ListEntry.Item<>(name, new ObjectVersion(objectInfo(row), versionRow.latest())));
                bounds = bounds.resumingAt(name);
                resume = Optional.of(row);
            }
        }
        return new Listing<>(entries, truncated);
    }

    /** Whether the path's names are ones an object could be stored under (else it cannot exist: a 404, not a 400). */
    private static boolean storable(ObjectPath path)
    {
        return validName(path.container(), MAX_CONTAINER_NAME_LENGTH) && validName(path.object(), MAX_OBJECT_NAME_LENGTH);
    }

    private static ApiException noSuchVersion()
    {
        return new ApiException(ObjectErrorCode.NO_SUCH_VERSION, "The specified version does not exist.");
    }

    /** A change to a container for replication: the object as written, or its deletion at {@code version}. */
    public record Change(long version, Optional<ObjectInfo> object, String name) {}

    /** Writes and deletes in a container after a version, oldest first (container sync). */
    public List<Change> changesSince(String account, String container, long version, int limit)
    {
        return store.changesSince(account, container, version, limit).stream()
                .map(row -> new Change(row.version(), row.deleted() ? Optional.empty() : Optional.of(objectInfo(row)), row.name()))
                .toList();
    }

    /** Containers, across accounts, whose system metadata has {@code key}. */
    public List<ContainerInfo> containersWithSysmeta(String key)
    {
        return store.containersWithSysmeta(key).stream().map(ObjectService::containerInfo).toList();
    }

    public Listing<ObjectInfo> listObjects(String account, String container, ListQuery query)
    {
        long now = timestamps.nowSeconds();
        return list(query, (bounds, limit) -> store.listObjects(account, container, bounds, now, limit), ObjectRow::name, ObjectService::objectInfo);
    }

    // ---- maintenance

    /** Deletes objects whose expiry time has passed; returns how many. */
    public int reapExpired(int limit)
    {
        return reap(store.expired(timestamps.nowSeconds(), limit));
    }

    /** Publishes the event of a change that went in; called inside the change's unit of work. */
    private Outcome published(Outcome outcome, String type)
    {
        if (outcome instanceof Outcome.Applied applied) {
            events.publish(ObjectEvents.object(type, applied.row()));
        }
        return outcome;
    }

    private int reap(List<ObjectRow> expired)
    {
        int reaped = 0;
        for (ObjectRow row : expired) {
            Outcome outcome = work.inTransaction(() -> published(store.deleteObject(row.account(), row.container(), row.name(), timestamps.next(),
                    current -> current.version() == row.version() && current.deleteAt().equals(row.deleteAt())), ObjectEvents.OBJECT_DELETE));
            if (outcome instanceof Outcome.Applied applied) {
                applied.freedBlobs().forEach(this::deleteBlob);
                reaped++;
            }
        }
        return reaped;
    }

    /** Removes tombstones old enough that no write they guard against can still be in flight. */
    public int purgeTombstones(int limit)
    {
        return store.purgeTombstones(timestamps.next() - TOMBSTONE_LIFETIME_MICROS, limit);
    }

    /** Where an audit pass stopped, what it found, and which of those it quarantined. */
    public record AuditPass(Optional<ObjectPath> resumeAfter, long bytesChecked, int objectsChecked, List<ObjectPath> corrupt,
            List<ObjectPath> quarantined)
    {
        public AuditPass
        {
            corrupt = List.copyOf(corrupt);
            quarantined = List.copyOf(quarantined);
        }
    }

    /**
     * Reads objects after {@code resumeAfter}, in key order, until about {@code maxBytes} have been read, checking each
     * one's bytes against its MD5, and with each name the older versions it keeps. As Swift's auditor does, a corrupt
     * object is quarantined: its bytes are moved out of the store (kept for an operator) and that version is removed,
     * so reads answer 404 rather than serve bad bytes (when it was the latest of a versioned name, the newest older
     * version takes its place); an object whose blob is lost is removed the same way. Each is logged and published as
     * an event. The next pass resumes where this one stopped, and starts over after the last object.
     */
    public AuditPass audit(Optional<ObjectPath> resumeAfter, long maxBytes)
    {
        long checked = 0;
        int objectsChecked = 0;
        List<ObjectPath> corrupt = new ArrayList<>();
        List<ObjectPath> quarantined = new ArrayList<>();
        Map<ObjectPath, Boolean> versioned = new HashMap<>();
        Optional<ObjectRow> after = resumeAfter.map(ObjectService::rowKey);
        while (checked < maxBytes) {
            List<ObjectRow> rows = store.scan(after, 100);
            if (rows.isEmpty()) {
                return new AuditPass(Optional.empty(), checked, objectsChecked, corrupt, quarantined);
            }
            for (ObjectRow latest : rows) {
                after = Optional.of(latest);
                List<ObjectRow> versions = new ArrayList<>();
                if (!latest.deleted()) {
                    versions.add(latest);
                }
                // a container that never had versioning keeps no older versions: one lookup per container, not per name
                ObjectPath containerKey = new ObjectPath(latest.account(), latest.container(), "");
                if (versioned.computeIfAbsent(containerKey, key -> store.container(key.account(), key.container()).filter(ContainerRow::versioned).isPresent())) {
                    versions.addAll(store.noncurrentVersions(latest.account(), latest.container(), latest.name()));
                }
                for (ObjectRow row : versions) {
                    checked += auditOne(row, corrupt, quarantined);
                    objectsChecked++;
                }
                if (checked >= maxBytes) {
                    break;
                }
            }
        }
        return new AuditPass(after.map(row -> new ObjectPath(row.account(), row.container(), row.name())), checked, objectsChecked, corrupt,
                quarantined);
    }

    /** Checks one version's bytes against its MD5, quarantining it when they differ or are lost; returns the bytes read. */
    private long auditOne(ObjectRow row, List<ObjectPath> corrupt, List<ObjectPath> quarantined)
    {
        String expected = row.sysmeta().getOrDefault(CONTENT_MD5, row.etag());
        ObjectPath path = new ObjectPath(row.account(), row.container(), row.name());
        String what = describe(row);
        try (InputStream in = blobs.read(row.blobId().orElseThrow(), 0, row.size())) {
            java.security.MessageDigest md5 = java.security.MessageDigest.getInstance("MD5");
            byte[] buffer = new byte[64 * 1024];
            int n;
            long size = 0;
            while ((n = in.read(buffer)) > 0) {
                md5.update(buffer, 0, n);
                size += n;
            }
            String actual = java.util.HexFormat.of().formatHex(md5.digest());
            if (size != row.size() || !actual.equalsIgnoreCase(expected)) {
                LOG.error("audit: {} is corrupt: {} bytes with MD5 {}, stored {} bytes with MD5 {}", what, size, actual, row.size(), expected);
                corrupt.add(path);
                String reason = "checksum mismatch: " + size + " bytes with MD5 " + actual + ", expected " + row.size() + " bytes with MD5 " + expected;
                if (quarantine(row, reason, true)) {
                    quarantined.add(path);
                }
            }
            return size;
        }
        catch (BlobNotFoundException e) {
            // a blob is gone for good only if the version still names it; otherwise the version was replaced or deleted meanwhile
            if (store.objectVersion(row.account(), row.container(), row.name(), row.versionId()).flatMap(ObjectRow::blobId).equals(row.blobId())) {
                LOG.error("audit: {} has lost its blob {}", what, row.blobId().orElse(""));
                corrupt.add(path);
                if (quarantine(row, "blob " + row.blobId().orElse("") + " is missing", false)) {
                    quarantined.add(path);
                }
            }
        }
        catch (IOException | java.security.NoSuchAlgorithmException e) {
            LOG.warn("audit: could not read {}: {}", what, e.toString());
        }
        return 0;
    }

    /** An object's path for the log, with its version id when it has one. */
    private static String describe(ObjectRow row)
    {
        return "object " + row.account() + "/" + row.container() + "/" + row.name() + row.versionId().map(id -> " (version " + id + ")").orElse("");
    }

    /**
     * Removes the version of a bad row, unless it changed since the audit read it, and moves its bytes (when there are
     * any) to the blob store's quarantine; true when the version was removed. The removal and its event commit together.
     */
    private boolean quarantine(ObjectRow row, String reason, boolean keepBytes)
    {
        String what = describe(row);
        Outcome outcome = work.inTransaction(() -> {
            // only the very version read goes, so a removal stamped after it is safe even on a node whose clock lags
            Outcome removal = store.deleteVersion(row.account(), row.container(), row.name(), row.versionId(), Math.max(timestamps.next(), row.version() + 1),
                    current -> current.version() == row.version() && current.blobId().equals(row.blobId()));
            if (removal instanceof Outcome.Applied) {
                events.publish(ObjectEvents.quarantine(row, reason));
            }
            return removal;
        });
        if (!(outcome instanceof Outcome.Applied)) {
            LOG.info("audit: {} changed since it was read; not quarantined", what);
            return false;
        }
        String blobId = row.blobId().orElseThrow();
        if (!keepBytes) {
            LOG.error("audit: quarantined {}: {}", what, reason);
            return true;
        }
        try {
            String location = blobs.quarantine(blobId);
            LOG.error("audit: quarantined {} ({}); its bytes are in {}", what, reason, location);
        }
        catch (IOException | RuntimeException e) {
            // the version is gone already; its blob is now an orphan the sweep removes
            LOG.error("audit: quarantined {} ({}), but its blob {} could not be moved: {}", what, reason, blobId, e.toString());
        }
        return true;
    }

    /** A row that only carries the key the audit's scan orders by. */
    private static ObjectRow rowKey(ObjectPath object)
    {
        return rowKey(object, 0);
    }

    private static ObjectRow rowKey(ObjectPath object, long version)
    {
        return new ObjectRow(object.account(), object.container(), object.object(), version, false, Optional.empty(),
                0, "", "", Map.of(), Map.of(), Map.of(), Optional.empty(), Optional.empty(),
                0, OptionalLong.empty());
    }

    /** Deletes blobs that no object names and that no live writer can still commit; returns how many. */
    public int sweepOrphanBlobs()
            throws IOException
    {
        java.time.Instant horizon = blobs.orphanHorizon();
        List<String> batch = new ArrayList<>();
        int[] removed = {0};
        long[] seen = {0};
        blobs.forEachBlob(blob -> {
            seen[0]++;
            if (blob.lastModified().isBefore(horizon)) {
                batch.add(blob.blobId());
                if (batch.size() >= 500) {
                    removed[0] += removeUnreferenced(batch);
                    batch.clear();
                }
            }
        });
        removed[0] += removeUnreferenced(batch);
        LOG.info("orphan sweep: {} blobs kept, {} removed", seen[0] - removed[0], removed[0]);
        return removed[0];
    }

    private int removeUnreferenced(List<String> blobIds)
    {
        var referenced = store.referencedBlobs(blobIds);
        int removed = 0;
        for (String blobId : blobIds) {
            if (!referenced.contains(blobId)) {
                deleteBlob(blobId);
                removed++;
            }
        }
        return removed;
    }

    // ---- listing

    private static <R, T> Listing<T> list(ListQuery query, BiFunction<Bounds, Integer, List<R>> fetch, Function<R, String> nameOf,
            Function<R, T> view)
    {
        int limit = Math.min(query.limit(), MAX_LISTING_LIMIT);
        boolean reverse = query.reverse();
        Bounds bounds = Bounds.all(reverse);
        String prefix = query.prefix().orElse("");
        bounds = bounds.withPrefix(prefix);
        if (query.marker().isPresent()) {
            bounds = reverse ? bounds.before(query.marker().get()) : bounds.after(query.marker().get());
        }
        if (query.endMarker().isPresent()) {
            bounds = reverse ? bounds.after(query.endMarker().get()) : bounds.before(query.endMarker().get());
        }
        Optional<String> delimiter = query.delimiter();
        String marker = query.marker().orElse(null);
        List<ListEntry<T>> entries = new ArrayList<>();
        boolean truncated = false;
        outer:
        while (!bounds.isEmpty()) {
            List<R> rows = fetch.apply(bounds, Math.min(limit + 1, LISTING_BATCH));
            if (rows.isEmpty()) {
                break;
            }
            for (R row : rows) {
                String name = nameOf.apply(row);
                int cut = delimiter.map(d -> name.indexOf(d, prefix.length())).orElse(-1);
                if (cut >= 0) {
                    String subdir = name.substring(0, cut + delimiter.get().length());
                    if (!subdir.equals(marker)) {
                        if (entries.size() == limit) {
                            truncated = true;
                            break outer;
                        }
                        entries.add(new ListEntry.Subdir<>(subdir));
                    }
                    // step over every name under the subdir
                    Optional<Bounds> past = bounds.past(subdir);
                    if (past.isEmpty()) {
                        break outer;
                    }
                    bounds = past.get();
                    continue outer;
                }
                if (entries.size() == limit) {
                    truncated = true;
                    break outer;
                }
                entries.add(new ListEntry.Item<>(name, view.apply(row)));
                bounds = reverse ? bounds.before(name) : bounds.after(name);
            }
        }
        return new Listing<>(entries, truncated);
    }

    // ---- helpers

    private BlobWrite writeBlob(InputStream content, long maxSize)
    {
        return stored(() -> blobs.write(content, maxSize));
    }

    private StagedBlob stageBlob(InputStream content, long maxSize)
    {
        return stored(() -> blobs.stage(content, maxSize));
    }

    private interface BlobWriter<T>
    {
        T write()
                throws IOException;
    }

    private <T> T stored(BlobWriter<T> writer)
    {
        try {
            return writer.write();
        }
        catch (BlobTooLargeException e) {
            throw tooLarge();
        }
        catch (InsufficientStorageException e) {
            LOG.error("object store is out of space: {}", e.toString());
            throw insufficientStorage();
        }
        catch (IOException e) {
            if (e.getCause() instanceof ApiException api) {
                throw api;
            }
            throw new ApiException(ObjectErrorCode.INCOMPLETE_BODY, "The body could not be read to its end.");
        }
    }

    private OptionalLong accountQuota(String account)
    {
        return Quotas.parse(store.account(account).map(row -> row.metadata().get(AccountInfo.QUOTA_BYTES)).orElse(null));
    }

    /** {@code accountBytes} is asked only when the account has a quota. */
    private void checkQuotas(ContainerInfo container, OptionalLong accountQuota, long addedBytes, long addedObjects, LongSupplier accountBytes)
    {
        if (container.quotaBytes().isPresent() && addedBytes > 0 && container.bytesUsed() + addedBytes > container.quotaBytes().getAsLong()) {
            throw quotaExceeded();
        }
        if (container.quotaCount().isPresent() && addedObjects > 0 && container.objectCount() + addedObjects > container.quotaCount().getAsLong()) {
            throw quotaExceeded();
        }
        if (accountQuota.isPresent() && addedBytes > 0) {
            if (accountBytes.getAsLong() + addedBytes > accountQuota.getAsLong()) {
                throw quotaExceeded();
            }
        }
    }

    private void deleteBlob(String blobId)
    {
        try {
            blobs.delete(blobId);
        }
        catch (IOException | RuntimeException e) {
            // left for the orphan sweep
            LOG.warn("could not delete blob {}: {}", blobId, e.toString());
        }
    }

    /** @throws ApiException INVALID_CONTAINER_NAME unless the name is 1 to 256 UTF-8 bytes without '/' or NUL */
    public static void validateContainerName(String name)
    {
        if (name.isEmpty()) {
            throw new ApiException(ObjectErrorCode.INVALID_CONTAINER_NAME, "Container name is required");
        }
        int length = name.getBytes(StandardCharsets.UTF_8).length;
        if (length > MAX_CONTAINER_NAME_LENGTH) {
            throw new ApiException(ObjectErrorCode.INVALID_CONTAINER_NAME,
                    "Container name length of " + length + " longer than " + MAX_CONTAINER_NAME_LENGTH);
        }
        if (name.indexOf('/') >= 0) {
            throw new ApiException(ObjectErrorCode.INVALID_CONTAINER_NAME, "Container name cannot contain '/'");
        }
        if (name.indexOf('\0') >= 0) {
            throw new ApiException(ObjectErrorCode.INVALID_CONTAINER_NAME, "Invalid UTF8 or contains NULL");
        }
    }

    /** @throws ApiException INVALID_OBJECT_NAME unless the name is 1 to 1024 UTF-8 bytes without NUL */
    public static void validateObjectName(ObjectPath path)
    {
        if (path.object().isEmpty()) {
            throw new ApiException(ObjectErrorCode.INVALID_OBJECT_NAME, "Object name is required");
        }
        int length = path.object().getBytes(StandardCharsets.UTF_8).length;
        if (length > MAX_OBJECT_NAME_LENGTH) {
            throw new ApiException(ObjectErrorCode.INVALID_OBJECT_NAME,
                    "Object name length of " + length + " longer than " + MAX_OBJECT_NAME_LENGTH);
        }
        if (path.object().indexOf('\0') >= 0) {
            throw new ApiException(ObjectErrorCode.INVALID_OBJECT_NAME, "Invalid UTF8 or contains NULL");
        }
    }

    private static boolean validName(String name, int maxBytes)
    {
        return !name.isEmpty() && name.indexOf('\0') < 0 && name.getBytes(StandardCharsets.UTF_8).length <= maxBytes;
    }

    private static ContainerInfo containerInfo(ContainerRow row)
    {
        return new ContainerInfo(row.account(), row.name(), row.metadata(), row.sysmeta(), row.objectCount(), row.bytesUsed(), row.createdAt(),
                row.updatedAt(), row.versioning());
    }

    private static ObjectInfo objectInfo(ObjectRow row)
    {
        return new ObjectInfo(row.account(), row.container(), row.name(), row.version(), row.blobId().orElse(""), row.size(), row.etag(),
                row.contentType(), row.metadata(), row.headers(), row.sysmeta(), row.manifestKind(), row.manifest(), row.lastModified(),
                row.deleteAt(), row.versionId(), row.deleteMarker());
    }

    private static ApiException noSuchContainer(String name)
    {
        return new ApiException(ObjectErrorCode.NO_SUCH_CONTAINER, "The resource could not be found.");
    }

    /**
     * The version looked up was overwritten or deleted before its bytes were opened: not found, as that version is;
     * a reader that wants whatever is current looks the object up again.
     */
    public static final class ContentGone
            extends ApiException
    {
        private static final long serialVersionUID = 1L;

        ContentGone()
        {
            super(ObjectErrorCode.NO_SUCH_OBJECT, "The resource could not be found.");
        }
    }

    private static ApiException noSuchObject()
    {
        return new ApiException(ObjectErrorCode.NO_SUCH_OBJECT, "The resource could not be found.");
    }

    private static ApiException tooLarge()
    {
        return new ApiException(ObjectErrorCode.ENTITY_TOO_LARGE, "Your request is too large.");
    }

    private static ApiException quotaExceeded()
    {
        return new ApiException(ObjectErrorCode.QUOTA_EXCEEDED, "Upload exceeds quota.");
    }

    private static ApiException insufficientStorage()
    {
        return new ApiException(ObjectErrorCode.INSUFFICIENT_STORAGE, "There was not enough space to save the resource.");
    }
}
