package io.xloud.testing.objectstore;

import io.xloud.core.db.Database;
import io.xloud.core.error.ApiException;
import io.xloud.objectstore.driver.BlobStore.BlobWrite;
import io.xloud.objectstore.driver.BlobStore.StoredBlob;
import io.xloud.objectstore.driver.LocalDiskBlobStore;
import io.xloud.objectstore.service.ListEntry;
import io.xloud.objectstore.service.ListQuery;
import io.xloud.objectstore.service.Listing;
import io.xloud.objectstore.service.MetadataUpdate;
import io.xloud.objectstore.service.ObjectErrorCode;
import io.xloud.objectstore.service.ObjectInfo;
import io.xloud.objectstore.service.ObjectPath;
import io.xloud.objectstore.service.ObjectService;
import io.xloud.objectstore.service.ObjectWrite;
import io.xloud.objectstore.service.PutResult;
import io.xloud.objectstore.service.Timestamps;
import io.xloud.objectstore.store.ObjectMetadataStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The engine on H2 and local disk, without HTTP. */
class ObjectServiceTest
{
    private static final String ACCOUNT = "project1";

    @TempDir
    Path dir;
    private Database database;
    private LocalDiskBlobStore blobs;
    private ObjectService objects;
    private MutableClock clock;

    @BeforeEach
    void setUp()
            throws Exception
    {
        database = EngineDatabase.open();
        clock = new MutableClock(Instant.now());
        start();
        objects.createContainer(ACCOUNT, "c", MetadataUpdate.none(), MetadataUpdate.none());
    }

    private void start()
            throws Exception
    {
        blobs = new LocalDiskBlobStore(dir.resolve("objects"));
        objects = new ObjectService(new ObjectMetadataStore(database.jdbi()), blobs, new Timestamps(clock));
    }

    @AfterEach
    void tearDown()
            throws Exception
    {
        blobs.close();
        database.close();
    }

    @Test
    void putThenReadBack()
            throws Exception
    {
        PutResult result = put("a", "hello world");
        assertThat(result.superseded()).isFalse();
        assertThat(result.object().etag()).isEqualTo("5eb63bbbe01eeed093cb22bb8f5acdc3");
        assertThat(read("a")).isEqualTo("hello world");
        assertThat(objects.requireContainer(ACCOUNT, "c").objectCount()).isEqualTo(1);
        assertThat(objects.requireContainer(ACCOUNT, "c").bytesUsed()).isEqualTo(11);
        assertThat(objects.account(ACCOUNT).bytesUsed()).isEqualTo(11);
        assertThat(objects.account(ACCOUNT).containerCount()).isEqualTo(1);
    }

    @Test
    void overwriteKeepsCountsExactAndRemovesTheOldBlob()
            throws Exception
    {
        put("a", "first version");
        put("a", "second");
        assertThat(read("a")).isEqualTo("second");
        assertThat(objects.requireContainer(ACCOUNT, "c").objectCount()).isEqualTo(1);
        assertThat(objects.requireContainer(ACCOUNT, "c").bytesUsed()).isEqualTo(6);
        assertThat(blobCount()).isEqualTo(1);
    }

    @Test
    void aVersionOverwrittenBeforeItsBytesOpenIsGoneAndTheCurrentOneOpens()
            throws Exception
    {
        put("a", "first version");
        ObjectInfo lookedUp = objects.object(path("a")).orElseThrow();
        put("a", "second");
        // the bytes of the version looked up went with the overwrite: a reader is told so, and looks again
        assertThatThrownBy(() -> objects.open(lookedUp, 0, lookedUp.size()))
                .isInstanceOf(ObjectService.ContentGone.class)
                .extracting(e -> ((ApiException) e).code())
                .isEqualTo(ObjectErrorCode.NO_SUCH_OBJECT);
        ObjectInfo current = objects.object(path("a")).orElseThrow();
        try (InputStream in = objects.open(current, 0, current.size())) {
            assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("second");
        }
    }

    @Test
    void deleteRemovesBlobAndCounts()
            throws Exception
    {
        put("a", "content");
        objects.deleteObject(path("a"));
        assertThat(objects.object(path("a"))).isEmpty();
        assertThat(objects.requireContainer(ACCOUNT, "c").objectCount()).isZero();
        assertThat(objects.requireContainer(ACCOUNT, "c").bytesUsed()).isZero();
        assertThat(blobCount()).isZero();
        assertThatThrownBy(() -> objects.deleteObject(path("a"))).isInstanceOf(ApiException.class)
                .satisfies(e -> assertThat(((ApiException) e).code()).isEqualTo(ObjectErrorCode.NO_SUCH_OBJECT));
    }

    @Test
    void aSlowerOlderWriteNeverReplacesANewerOne()
            throws Exception
    {
        // the slow write takes its timestamp when it arrives; the fast one arrives later and commits first
        BlockingStream slow = new BlockingStream("old content");
        ExecutorService executor = Executors.newSingleThreadExecutor();
        Future<PutResult> older = executor.submit(() -> objects.putObject(path("a"), slow, ObjectWrite.builder("text/plain").build()));
        slow.started.await();
        put("a", "new content");
        slow.release.countDown();
        assertThat(older.get().superseded()).isTrue();
        executor.shutdown();
        assertThat(read("a")).isEqualTo("new content");
        assertThat(blobCount()).isEqualTo(1);
        assertThat(objects.requireContainer(ACCOUNT, "c").objectCount()).isEqualTo(1);
    }

    @Test
    void aDeleteIsNeverUndoneByAnOlderWrite()
            throws Exception
    {
        put("a", "first");
        BlockingStream slow = new BlockingStream("written before the delete arrived");
        ExecutorService executor = Executors.newSingleThreadExecutor();
        Future<PutResult> older = executor.submit(() -> objects.putObject(path("a"), slow, ObjectWrite.builder("text/plain").build()));
        slow.started.await();
        objects.deleteObject(path("a"));
        slow.release.countDown();
        assertThat(older.get().superseded()).isTrue();
        executor.shutdown();
        assertThat(objects.object(path("a"))).isEmpty();
        assertThat(objects.requireContainer(ACCOUNT, "c").objectCount()).isZero();
        assertThat(blobCount()).isZero();
    }

    @Test
    void concurrentWritersOfOneNameLeaveOneWholeVersionAndExactCounts()
            throws Exception
    {
        ExecutorService executor = Executors.newFixedThreadPool(8);
        List<Future<PutResult>> results = new ArrayList<>();
        List<String> contents = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            String content = ("writer " + i + " ").repeat(1000 + i);
            contents.add(content);
            results.add(executor.submit(() -> objects.putObject(path("same"), new ByteArrayInputStream(content.getBytes(StandardCharsets.UTF_8)),
                    ObjectWrite.builder("text/plain").build())));
        }
        for (Future<PutResult> result : results) {
            result.get();
        }
        executor.shutdown();
        String stored = read("same");
        assertThat(contents).contains(stored);
        ObjectInfo info = objects.requireObject(path("same"));
        assertThat(objects.requireContainer(ACCOUNT, "c").objectCount()).isEqualTo(1);
        assertThat(objects.requireContainer(ACCOUNT, "c").bytesUsed()).isEqualTo(info.size()).isEqualTo(stored.length());
        assertThat(blobCount()).isEqualTo(1);
    }

    @Test
    void aWriteOfOneNameDoesNotWaitForAWriteOfAnotherButASecondWriteOfTheSameNameDoes()
            throws Exception
    {
        // "a" and "b" count in different stripes of the container (String.hashCode 97 and 98, of 16)
        CountDownLatch holding = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        ExecutorService executor = Executors.newFixedThreadPool(3);
        try {
            Future<PutResult> held = executor.submit(() -> objects.putObject(path("a"), stream("first"), ObjectWrite.builder("text/plain")
                    .ifCurrent(current -> {
                        // inside the write's transaction, with what it locked
                        holding.countDown();
                        try {
                            release.await();
                        }
                        catch (InterruptedException e) {
                            throw new IllegalStateException(e);
                        }
                    })
                    .build()));
            assertThat(holding.await(10, TimeUnit.SECONDS)).isTrue();
            Future<PutResult> sameName = executor.submit(() -> put("a", "second"));
            PutResult other = executor.submit(() -> put("b", "other")).get(5, TimeUnit.SECONDS);
            assertThat(other.object().name()).isEqualTo("b");
            Thread.sleep(300);
            assertThat(sameName).isNotDone();
            release.countDown();
            held.get(10, TimeUnit.SECONDS);
            sameName.get(10, TimeUnit.SECONDS);
        }
        finally {
            release.countDown();
            executor.shutdownNow();
        }
        assertThat(read("a")).isEqualTo("second");
        assertThat(objects.requireContainer(ACCOUNT, "c").objectCount()).isEqualTo(2);
        assertThat(objects.requireContainer(ACCOUNT, "c").bytesUsed()).isEqualTo("second".length() + "other".length());
    }

    @Test
    void aContainerDeletedWhileWritersComeAndGoLeavesNoObjectBehindAndCountsStayExact()
            throws Exception
    {
        objects.createContainer(ACCOUNT, "d", MetadataUpdate.none(), MetadataUpdate.none());
        AtomicBoolean stop = new AtomicBoolean();
        ExecutorService executor = Executors.newFixedThreadPool(8);
        List<Future<Integer>> writers = new ArrayList<>();
        for (int w = 0; w < 8; w++) {
            String name = "w" + w;
            writers.add(executor.submit(() -> {
                int refused = 0;
                while (!stop.get()) {
                    try {
                        objects.putObject(new ObjectPath(ACCOUNT, "d", name), stream("x".repeat(10 + name.length())), ObjectWrite.builder("text/plain").build());
                        objects.deleteObject(new ObjectPath(ACCOUNT, "d", name));
                    }
                    catch (ApiException e) {
                        assertThat(e.code()).isIn(ObjectErrorCode.NO_SUCH_CONTAINER, ObjectErrorCode.NO_SUCH_OBJECT);
                        refused++;
                    }
                }
                return refused;
            }));
        }
        boolean deleted = false;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!deleted && System.nanoTime() < deadline) {
            try {
                objects.deleteContainer(ACCOUNT, "d");
                deleted = true;
            }
            catch (ApiException e) {
                assertThat(e.code()).isEqualTo(ObjectErrorCode.CONTAINER_NOT_EMPTY);
            }
        }
        Thread.sleep(200);
        stop.set(true);
        for (Future<Integer> writer : writers) {
            writer.get(10, TimeUnit.SECONDS);
        }
        executor.shutdown();
        assertThat(deleted).as("the container was empty at some moment and deleted then").isTrue();
        assertThat(objects.container(ACCOUNT, "d")).isEmpty();
        for (int w = 0; w < 8; w++) {
            assertThat(objects.object(new ObjectPath(ACCOUNT, "d", "w" + w))).isEmpty();
        }
        // made again, it starts from nothing: no count of the old one is left in it
        objects.createContainer(ACCOUNT, "d", MetadataUpdate.none(), MetadataUpdate.none());
        assertThat(objects.requireContainer(ACCOUNT, "d").objectCount()).isZero();
        assertThat(objects.requireContainer(ACCOUNT, "d").bytesUsed()).isZero();
        assertThat(names(objects.listObjects(ACCOUNT, "d", ListQuery.all(100)))).isEmpty();
        assertThat(objects.account(ACCOUNT).containerCount()).isEqualTo(2);
    }

    @Test
    void checksumMismatchStoresNothing()
            throws Exception
    {
        assertThatThrownBy(() -> objects.putObject(path("a"), stream("content"), ObjectWrite.builder("text/plain").expectedMd5("0".repeat(32)).build()))
                .isInstanceOf(ApiException.class)
                .satisfies(e -> assertThat(((ApiException) e).code()).isEqualTo(ObjectErrorCode.CHECKSUM_MISMATCH));
        assertThat(objects.object(path("a"))).isEmpty();
        assertThat(objects.requireContainer(ACCOUNT, "c").objectCount()).isZero();
        assertThat(blobCount()).isZero();
    }

    @Test
    void shortBodyStoresNothing()
            throws Exception
    {
        assertThatThrownBy(() -> objects.putObject(path("a"), stream("12345"), ObjectWrite.builder("text/plain").expectedSize(10).build()))
                .isInstanceOf(ApiException.class)
                .satisfies(e -> assertThat(((ApiException) e).code()).isEqualTo(ObjectErrorCode.INCOMPLETE_BODY));
        assertThat(blobCount()).isZero();
    }

    @Test
    void aFailedCheckStoresNothing()
            throws Exception
    {
        ObjectWrite write = ObjectWrite.builder("text/plain").check(written -> {
            throw new ApiException(ObjectErrorCode.BAD_REQUEST, "trailing checksum differs");
        }).build();
        assertThatThrownBy(() -> objects.putObject(path("a"), stream("x"), write)).isInstanceOf(ApiException.class);
        assertThat(blobCount()).isZero();
        assertThat(objects.object(path("a"))).isEmpty();
    }

    @Test
    void putIntoMissingContainerFails()
    {
        assertThatThrownBy(() -> objects.putObject(new ObjectPath(ACCOUNT, "nope", "a"), stream("x"), ObjectWrite.builder("text/plain").build()))
                .isInstanceOf(ApiException.class)
                .satisfies(e -> assertThat(((ApiException) e).code()).isEqualTo(ObjectErrorCode.NO_SUCH_CONTAINER));
    }

    @Test
    void containerDeleteNeedsAnEmptyContainer()
            throws Exception
    {
        put("a", "x");
        assertThatThrownBy(() -> objects.deleteContainer(ACCOUNT, "c")).isInstanceOf(ApiException.class)
                .satisfies(e -> assertThat(((ApiException) e).code()).isEqualTo(ObjectErrorCode.CONTAINER_NOT_EMPTY));
        objects.deleteObject(path("a"));
        objects.deleteContainer(ACCOUNT, "c");
        assertThat(objects.container(ACCOUNT, "c")).isEmpty();
        assertThat(objects.account(ACCOUNT).containerCount()).isZero();
    }

    @Test
    void namesAreLimitedInUtf8Bytes()
            throws Exception
    {
        String longest = "\u00e9".repeat(512);
        put(longest, "x");
        assertThat(objects.object(path(longest))).isPresent();
        assertThatThrownBy(() -> put(longest + "a", "x")).isInstanceOf(ApiException.class)
                .hasMessage("Object name length of 1025 longer than 1024");
        assertThatThrownBy(() -> objects.createContainer(ACCOUNT, "x".repeat(257), MetadataUpdate.none(), MetadataUpdate.none()))
                .hasMessage("Container name length of 257 longer than 256");
    }

    @Test
    void listingsFollowByteOrderWithPrefixDelimiterMarkersAndReverse()
            throws Exception
    {
        for (String name : List.of("a", "a/1", "a/2", "b", "b/x/y", "c\u00e9", "cz", "d")) {
            put(name, name);
        }
        assertThat(names(objects.listObjects(ACCOUNT, "c", ListQuery.all(100)))).containsExactly("a", "a/1", "a/2", "b", "b/x/y", "cz", "c\u00e9", "d");
        assertThat(names(objects.listObjects(ACCOUNT, "c", query("", "/", "", "", 100, false)))).containsExactly("a", "a/", "b", "b/", "cz", "c\u00e9", "d");
        assertThat(names(objects.listObjects(ACCOUNT, "c", query("b/", "/", "", "", 100, false)))).containsExactly("b/x/");
        assertThat(names(objects.listObjects(ACCOUNT, "c", query("", "/", "a/", "", 100, false)))).containsExactly("b", "b/", "cz", "c\u00e9", "d");
        assertThat(names(objects.listObjects(ACCOUNT, "c", query("", "", "a/1", "cz", 100, false)))).containsExactly("a/2", "b", "b/x/y");
        assertThat(names(objects.listObjects(ACCOUNT, "c", query("", "/", "", "", 100, true)))).containsExactly("d", "c\u00e9", "cz", "b/", "b", "a/", "a");
        assertThat(names(objects.listObjects(ACCOUNT, "c", query("", "", "c", "a/1", 100, true)))).containsExactly("b/x/y", "b", "a/2");
        Listing<ObjectInfo> page = objects.listObjects(ACCOUNT, "c", query("", "/", "", "", 2, false));
        assertThat(names(page)).containsExactly("a", "a/");
        assertThat(page.truncated()).isTrue();
        Listing<ObjectInfo> next = objects.listObjects(ACCOUNT, "c", query("", "/", "a/", "", 2, false));
        assertThat(names(next)).containsExactly("b", "b/");
        assertThat(objects.listObjects(ACCOUNT, "c", query("", "", "", "", 8, false)).truncated()).isFalse();
    }

    @Test
    void containerQuotasRefuseWhatWouldPassThem()
            throws Exception
    {
        objects.updateContainer(ACCOUNT, "c", MetadataUpdate.set(Map.of("quota-bytes", "10", "quota-count", "2")), MetadataUpdate.none());
        put("a", "12345");
        assertThatThrownBy(() -> put("b", "1234567")).isInstanceOf(ApiException.class)
                .satisfies(e -> assertThat(((ApiException) e).code()).isEqualTo(ObjectErrorCode.QUOTA_EXCEEDED));
        put("b", "12345");
        assertThatThrownBy(() -> put("c", "")).isInstanceOf(ApiException.class);
        put("a", "1");
        assertThat(objects.requireContainer(ACCOUNT, "c").bytesUsed()).isEqualTo(6);
        assertThat(blobCount()).isEqualTo(2);
    }

    @Test
    void expiredObjectsVanishAndTheExpirerDeletesThem()
            throws Exception
    {
        objects.putObject(path("a"), stream("x"), ObjectWrite.builder("text/plain").deleteAt(OptionalLong.of(clock.instant().getEpochSecond() + 10)).build());
        assertThat(objects.object(path("a"))).isPresent();
        clock.advance(11);
        assertThat(objects.object(path("a"))).isEmpty();
        assertThat(objects.listObjects(ACCOUNT, "c", ListQuery.all(10)).entries()).isEmpty();
        assertThat(objects.reapExpired(100)).isEqualTo(1);
        assertThat(objects.requireContainer(ACCOUNT, "c").objectCount()).isZero();
        assertThat(blobCount()).isZero();
    }

    @Test
    void expiredObjectsDoNotKeepAContainerFromBeingDeleted()
    {
        objects.putObject(path("a"), stream("x"), ObjectWrite.builder("text/plain").deleteAt(OptionalLong.of(clock.instant().getEpochSecond() + 10)).build());
        clock.advance(11);
        objects.deleteContainer(ACCOUNT, "c");
        assertThat(objects.container(ACCOUNT, "c")).isEmpty();
    }

    @Test
    void copiesShareNothingWithTheirSource()
            throws Exception
    {
        put("a", "content");
        ObjectInfo source = objects.requireObject(path("a"));
        objects.copyObject(source, path("b"), ObjectWrite.builder("text/plain").metadata(Map.of("k", "v")).build());
        objects.deleteObject(path("a"));
        assertThat(read("b")).isEqualTo("content");
        assertThat(objects.requireObject(path("b")).etag()).isEqualTo(source.etag());
        assertThat(objects.requireObject(path("b")).metadata()).containsEntry("k", "v");
    }

    @Test
    void afterACrashOrphanBlobsAndTempFilesAreRemoved()
            throws Exception
    {
        put("kept", "kept");
        // a crash between a blob's rename and its commit leaves a blob no row names
        String orphan = blobs.write(stream("never committed"), Long.MAX_VALUE).blobId();
        blobs.close();
        Thread.sleep(20);
        start();
        assertThat(objects.sweepOrphanBlobs()).isEqualTo(1);
        assertThat(blobs.exists(orphan)).isFalse();
        assertThat(read("kept")).isEqualTo("kept");
    }

    @Test
    void objectsReadAsTheyWereEvenWhenOverwrittenMidRead()
            throws Exception
    {
        String first = "1".repeat(200_000);
        put("a", first);
        ObjectInfo info = objects.requireObject(path("a"));
        try (InputStream in = objects.open(info, 0, info.size())) {
            byte[] start = in.readNBytes(100);
            put("a", "2".repeat(100));
            String whole = new String(start, StandardCharsets.UTF_8) + new String(in.readAllBytes(), StandardCharsets.UTF_8);
            assertThat(whole).isEqualTo(first);
        }
        assertThat(read("a")).isEqualTo("2".repeat(100));
    }

    @Test
    void theAuditQuarantinesBitRotSoReadsFindNothing()
            throws Exception
    {
        put("good", "fine content");
        put("rotten", "original content");
        ObjectInfo rotten = objects.requireObject(path("rotten"));
        Path file = blobFile(rotten.blobId());
        Files.writeString(file, "Original content");
        assertThatThrownBy(() -> read("rotten")).isInstanceOf(java.io.IOException.class).hasMessageContaining("checksum");
        List<io.xloud.core.events.Event> published = new java.util.concurrent.CopyOnWriteArrayList<>();
        ObjectService audited = new ObjectService(new ObjectMetadataStore(database.jdbi()), blobs, new Timestamps(clock), published::add);
        ObjectService.AuditPass pass = audited.audit(Optional.empty(), Long.MAX_VALUE);
        assertThat(published).as(pass.toString()).singleElement().satisfies(event -> {
            assertThat(event.type()).isEqualTo("objectstore.object.quarantine");
            assertThat(event.payload()).containsEntry("object", "rotten").containsKey("reason");
        });
        assertThat(pass.objectsChecked()).isEqualTo(2);
        assertThat(pass.corrupt()).containsExactly(path("rotten"));
        assertThat(pass.quarantined()).containsExactly(path("rotten"));
        assertThat(pass.resumeAfter()).isEmpty();
        assertThat(objects.object(path("rotten"))).isEmpty();
        assertThat(file).doesNotExist();
        assertThat(dir.resolve("objects").resolve("quarantined").resolve(rotten.blobId())).hasContent("Original content");
        assertThat(objects.requireContainer(ACCOUNT, "c").objectCount()).isEqualTo(1);
        assertThat(read("good")).isEqualTo("fine content");
        ObjectService.AuditPass again = objects.audit(Optional.empty(), Long.MAX_VALUE);
        assertThat(again.corrupt()).isEmpty();
        assertThat(again.objectsChecked()).isEqualTo(1);
        ObjectService.AuditPass partial = objects.audit(Optional.empty(), 1);
        assertThat(partial.objectsChecked()).isEqualTo(1);
        assertThat(partial.resumeAfter()).isPresent();
    }

    @Test
    void theAuditRemovesAnObjectWhoseBlobIsLost()
            throws Exception
    {
        put("lost", "content");
        ObjectInfo lost = objects.requireObject(path("lost"));
        blobs.delete(lost.blobId());
        ObjectService.AuditPass pass = objects.audit(Optional.empty(), Long.MAX_VALUE);
        assertThat(pass.quarantined()).containsExactly(path("lost"));
        assertThat(objects.object(path("lost"))).isEmpty();
    }

    @Test
    void theAuditChecksOlderVersionsAndQuarantinesACorruptOneAlone()
            throws Exception
    {
        objects.setVersioning(ACCOUNT, "c", true);
        ObjectInfo oldest = put("a", "oldest bytes").object();
        ObjectInfo rotten = put("a", "middle bytes").object();
        put("a", "newest bytes");
        ObjectInfo underMarker = put("gone", "kept under a delete marker").object();
        objects.deleteObject(path("gone"));
        Files.writeString(blobFile(rotten.blobId()), "Middle bytes");
        Files.writeString(blobFile(underMarker.blobId()), "Kept under a delete marker");
        List<io.xloud.core.events.Event> published = new java.util.concurrent.CopyOnWriteArrayList<>();
        ObjectService audited = new ObjectService(new ObjectMetadataStore(database.jdbi()), blobs, new Timestamps(clock), published::add);

        ObjectService.AuditPass pass = audited.audit(Optional.empty(), Long.MAX_VALUE);

        // three versions of a, and the version behind the delete marker of gone
        assertThat(pass.objectsChecked()).isEqualTo(4);
        assertThat(pass.quarantined()).containsExactly(path("a"), path("gone"));
        assertThat(published).extracting(event -> event.payload().get("version_id")).containsExactly(rotten.versionId().orElseThrow(),
                underMarker.versionId().orElseThrow());
        assertNoSuchVersion("a", rotten.versionId());
        assertThat(read("a")).isEqualTo("newest bytes");
        assertThat(readVersion("a", oldest.versionId())).isEqualTo("oldest bytes");
        assertThat(dir.resolve("objects").resolve("quarantined").resolve(rotten.blobId())).hasContent("Middle bytes");
        assertThat(objects.requireContainer(ACCOUNT, "c").objectCount()).isEqualTo(1);
        assertThat(audited.audit(Optional.empty(), Long.MAX_VALUE).corrupt()).isEmpty();
    }

    @Test
    void aCorruptLatestVersionIsQuarantinedAndTheOneBeforeItBecomesCurrent()
            throws Exception
    {
        objects.setVersioning(ACCOUNT, "c", true);
        ObjectInfo older = put("a", "older bytes").object();
        ObjectInfo latest = put("a", "latest bytes!").object();
        Files.writeString(blobFile(latest.blobId()), "Latest bytes!");

        ObjectService.AuditPass pass = objects.audit(Optional.empty(), Long.MAX_VALUE);

        assertThat(pass.quarantined()).containsExactly(path("a"));
        // no delete marker left in front of the bad bytes: the version before them serves again
        assertThat(read("a")).isEqualTo("older bytes");
        assertThat(objects.requireObject(path("a")).versionId()).isEqualTo(older.versionId());
        assertNoSuchVersion("a", latest.versionId());
        assertThat(objects.requireContainer(ACCOUNT, "c").objectCount()).isEqualTo(1);
        assertThat(objects.requireContainer(ACCOUNT, "c").bytesUsed()).isEqualTo("older bytes".length());
    }

    private void assertNoSuchVersion(String name, Optional<String> versionId)
    {
        assertThatThrownBy(() -> objects.objectVersion(path(name), versionId))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code()).isEqualTo(ObjectErrorCode.NO_SUCH_VERSION));
    }

    private Path blobFile(String blobId)
    {
        return dir.resolve("objects").resolve(blobId.substring(0, 2)).resolve(blobId.substring(2, 4)).resolve(blobId);
    }

    @Test
    void aFullDiskIs507AndStoresNothing()
            throws Exception
    {
        io.xloud.objectstore.driver.BlobStore full = new io.xloud.objectstore.driver.BlobStore()
        {
            @Override
            public BlobWrite write(InputStream content, long maxSize)
                    throws java.io.IOException
            {
                content.readNBytes(10);
                throw new io.xloud.objectstore.driver.InsufficientStorageException("no space left", new java.io.IOException("No space left on device"));
            }

            @Override
            public InputStream read(String blobId, long offset, long length)
                    throws java.io.IOException
            {
                return blobs.read(blobId, offset, length);
            }

            @Override
            public long size(String blobId)
                    throws java.io.IOException
            {
                return blobs.size(blobId);
            }

            @Override
            public boolean exists(String blobId)
            {
                return blobs.exists(blobId);
            }

            @Override
            public String copy(String blobId)
                    throws java.io.IOException
            {
                throw new io.xloud.objectstore.driver.InsufficientStorageException("no space left", null);
            }

            @Override
            public void delete(String blobId)
                    throws java.io.IOException
            {
                blobs.delete(blobId);
            }

            @Override
            public String quarantine(String blobId)
                    throws java.io.IOException
            {
                return blobs.quarantine(blobId);
            }

            @Override
            public void forEachBlob(java.util.function.Consumer<StoredBlob> visitor)
                    throws java.io.IOException
            {
                blobs.forEachBlob(visitor);
            }

            @Override
            public Instant orphanHorizon()
            {
                return blobs.orphanHorizon();
            }
        };
        put("existing", "kept");
        ObjectService onFullDisk = new ObjectService(new ObjectMetadataStore(database.jdbi()), full, new Timestamps(clock));
        assertThatThrownBy(() -> onFullDisk.putObject(path("a"), stream("content"), ObjectWrite.builder("text/plain").build()))
                .isInstanceOf(ApiException.class)
                .satisfies(e -> assertThat(((ApiException) e).status()).isEqualTo(507));
        assertThatThrownBy(() -> onFullDisk.copyObject(objects.requireObject(path("existing")), path("b"), ObjectWrite.builder("text/plain").build()))
                .isInstanceOf(ApiException.class)
                .satisfies(e -> assertThat(((ApiException) e).status()).isEqualTo(507));
        assertThat(objects.object(path("a"))).isEmpty();
        assertThat(read("existing")).isEqualTo("kept");
        assertThat(objects.requireContainer(ACCOUNT, "c").objectCount()).isEqualTo(1);
    }

    // ---- versions

    @Test
    void aVersionedOverwriteKeepsTheOldBytesUntilThatVersionIsDeleted()
            throws Exception
    {
        objects.setVersioning(ACCOUNT, "c", true);
        ObjectInfo first = put("a", "first version").object();
        ObjectInfo second = put("a", "second").object();
        assertThat(first.versionId()).isPresent();
        assertThat(second.versionId()).isPresent().isNotEqualTo(first.versionId());
        assertThat(blobCount()).isEqualTo(2);
        assertThat(read("a")).isEqualTo("second");
        assertThat(readVersion("a", first.versionId())).isEqualTo("first version");
        // counts are of the current objects only
        assertThat(objects.requireContainer(ACCOUNT, "c").objectCount()).isEqualTo(1);
        assertThat(objects.requireContainer(ACCOUNT, "c").bytesUsed()).isEqualTo(6);

        objects.deleteVersion(path("a"), first.versionId());
        assertThat(blobCount()).isEqualTo(1);
        assertNoSuchVersion("a", first.versionId());

        // deleting the latest version brings none back: the name is gone, and so are its bytes
        objects.deleteVersion(path("a"), second.versionId());
        assertThat(blobCount()).isZero();
        assertThat(objects.object(path("a"))).isEmpty();
        assertThat(objects.requireContainer(ACCOUNT, "c").objectCount()).isZero();
        assertThat(objects.requireContainer(ACCOUNT, "c").bytesUsed()).isZero();
        objects.deleteContainer(ACCOUNT, "c");
    }

    @Test
    void concurrentTagAndAclChangesOfOneOlderVersionAllLand()
            throws Exception
    {
        objects.setVersioning(ACCOUNT, "c", true);
        ObjectInfo older = put("a", "older").object();
        put("a", "newer");
        int writers = 8;
        int rounds = 25;
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        java.util.concurrent.CyclicBarrier barrier = new java.util.concurrent.CyclicBarrier(writers);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int writer = 0; writer < writers; writer++) {
                String key = "s3.test-key-" + writer;
                futures.add(pool.submit(() -> {
                    for (int round = 0; round < rounds; round++) {
                        barrier.await();
                        objects.updateVersionSysmeta(path("a"), older.versionId(), key, Optional.of(Integer.toString(round)));
                    }
                    return null;
                }));
            }
            for (Future<?> future : futures) {
                future.get(60, java.util.concurrent.TimeUnit.SECONDS);
            }
        }
        finally {
            pool.shutdownNow();
        }
        // each writer's last value is there: no change read a copy another change then overwrote
        Map<String, String> sysmeta = objects.objectVersion(path("a"), older.versionId()).sysmeta();
        for (int writer = 0; writer < writers; writer++) {
            assertThat(sysmeta).containsEntry("s3.test-key-" + writer, Integer.toString(rounds - 1));
        }
        assertThat(objects.requireObject(path("a")).sysmeta()).doesNotContainKeys("s3.test-key-0");
    }

    @Test
    void theSweepKeepsTheBytesOfOlderVersions()
            throws Exception
    {
        objects.setVersioning(ACCOUNT, "c", true);
        ObjectInfo first = put("a", "old").object();
        put("a", "new");
        blobs.close();
        Thread.sleep(20);
        start();
        assertThat(objects.sweepOrphanBlobs()).isZero();
        assertThat(readVersion("a", first.versionId())).isEqualTo("old");
        assertThat(read("a")).isEqualTo("new");
    }

    @Test
    void aDeleteMarkerHidesTheObjectUntilItIsDeleted()
            throws Exception
    {
        objects.setVersioning(ACCOUNT, "c", true);
        put("a", "content");
        ObjectInfo marker = objects.deleteObject(path("a"));
        assertThat(marker.deleteMarker()).isTrue();
        assertThat(objects.object(path("a"))).isEmpty();
        assertThat(objects.latest(path("a"))).get().extracting(ObjectInfo::deleteMarker).isEqualTo(true);
        assertThat(objects.requireContainer(ACCOUNT, "c").objectCount()).isZero();
        assertThat(blobCount()).isEqualTo(1);
        // markers are versions, not tombstones: the purge leaves them
        clock.advance(3 * 24 * 3600);
        objects.purgeTombstones(1000);
        assertThat(objects.latest(path("a"))).get().extracting(ObjectInfo::deleteMarker).isEqualTo(true);
        assertThatThrownBy(() -> objects.deleteContainer(ACCOUNT, "c"))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code()).isEqualTo(ObjectErrorCode.CONTAINER_NOT_EMPTY));

        objects.deleteVersion(path("a"), marker.versionId());
        assertThat(read("a")).isEqualTo("content");
        assertThat(objects.requireContainer(ACCOUNT, "c").objectCount()).isEqualTo(1);
        assertThat(objects.requireContainer(ACCOUNT, "c").bytesUsed()).isEqualTo(7);
    }

    @Test
    void suspendedWritesReplaceTheNullVersionAndItsBytes()
            throws Exception
    {
        put("a", "written before versioning");
        objects.setVersioning(ACCOUNT, "c", true);
        ObjectInfo kept = put("a", "kept").object();
        objects.setVersioning(ACCOUNT, "c", false);
        assertThat(put("a", "null one").object().versionId()).isEmpty();
        assertThat(put("a", "null two").object().versionId()).isEmpty();
        // the version written before versioning was the null version: replaced, like the first suspended write
        assertThat(blobCount()).isEqualTo(2);
        assertThat(readVersion("a", Optional.empty())).isEqualTo("null two");
        assertThat(readVersion("a", kept.versionId())).isEqualTo("kept");
        List<String> listed = objects.listVersions(ACCOUNT, "c", Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), 10)
                .entries().stream().map(entry -> ((ListEntry.Item<ObjectService.ObjectVersion>) entry).value().object().versionIdText()).toList();
        assertThat(listed).containsExactly("null", kept.versionIdText());
    }

    @Test
    void malformedVersionIdsAreRefused()
    {
        for (String id : List.of("", "NULL", "abc", "0123456789ABCDEF0123456789ABCDEF", "0123456789abcdef0123456789abcdef0", "../x")) {
            assertThatThrownBy(() -> ObjectService.parseVersionId(id)).as(id)
                    .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code()).isEqualTo(ObjectErrorCode.INVALID_VERSION_ID));
        }
        assertThat(ObjectService.parseVersionId("null")).isEmpty();
    }

    private String readVersion(String name, Optional<String> versionId)
            throws Exception
    {
        ObjectInfo info = objects.objectVersion(path(name), versionId);
        try (InputStream in = objects.open(info, 0, info.size())) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    // ---- helpers

    private static ListQuery query(String prefix, String delimiter, String marker, String endMarker, int limit, boolean reverse)
    {
        return new ListQuery(Optional.of(prefix), Optional.of(delimiter), Optional.of(marker), Optional.of(endMarker), limit, reverse);
    }

    private static List<String> names(Listing<ObjectInfo> listing)
    {
        return listing.entries().stream().map(ListEntry::name).toList();
    }

    private PutResult put(String name, String content)
    {
        return objects.putObject(path(name), stream(content), ObjectWrite.builder("text/plain").build());
    }

    private String read(String name)
            throws Exception
    {
        ObjectInfo info = objects.requireObject(path(name));
        try (InputStream in = objects.open(info, 0, info.size())) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static ObjectPath path(String name)
    {
        return new ObjectPath(ACCOUNT, "c", name);
    }

    private static InputStream stream(String content)
    {
        return new ByteArrayInputStream(content.getBytes(StandardCharsets.UTF_8));
    }

    private int blobCount()
            throws Exception
    {
        int[] count = {0};
        blobs.forEachBlob(blob -> count[0]++);
        return count[0];
    }

    /** A body that stalls after its first byte until released, like a slow client. */
    /** A body that stops after its first byte until released. */
    static final class BlockingStream
            extends InputStream
    {
        final java.util.concurrent.CountDownLatch started = new java.util.concurrent.CountDownLatch(1);
        final java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        private final byte[] content;
        private int position;

        BlockingStream(String content)
        {
            this.content = content.getBytes(StandardCharsets.UTF_8);
        }

        @Override
        public int read()
        {
            if (position == 1) {
                started.countDown();
                try {
                    release.await();
                }
                catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return position < content.length ? content[position++] & 0xff : -1;
        }
    }

    static final class MutableClock
            extends Clock
    {
        private volatile Instant now;

        MutableClock(Instant now)
        {
            this.now = now;
        }

        void advance(long seconds)
        {
            now = now.plusSeconds(seconds);
        }

        @Override
        public java.time.ZoneId getZone()
        {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone)
        {
            return this;
        }

        @Override
        public Instant instant()
        {
            // moves with real time too, so that timestamps keep increasing
            return now.plusNanos(System.nanoTime() % 1000);
        }
    }
}
