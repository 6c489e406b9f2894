package io.xloud.objectstore.store;

import com.fasterxml.jackson.core.type.TypeReference;
import io.xloud.core.db.UnitOfWork;
import io.xloud.core.json.Json;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.Query;

import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

import static java.util.Objects.requireNonNull;

/**
 * Accounts, containers and object rows in the database. Every change to object rows first locks the
 * container row, then changes the rows and the container's counts in one transaction: writers of one
 * container queue on that lock, so counts stay exact and there is no lost update between them.
 */
public final class ObjectMetadataStore
{
    private static final TypeReference<LinkedHashMap<String, String>> MAP = new TypeReference<>() {};
    private static final String OBJECT_COLUMNS = "account, container, name, version, deleted, blob_id, size, etag, content_type, "
            + "metadata, headers, sysmeta, manifest_kind, manifest, last_modified, delete_at, version_id, delete_marker";
    private static final String CONTAINER_COLUMNS = "account, name, metadata, sysmeta, object_count, bytes_used, created_at, updated_at, versioning";
    /**
     * How many stripes a container's counts are split in (V5__container_count_stripes.sql): a write moves the
     * stripe of its object's name, under that stripe's lock, so writes of different names into one container do
     * not wait for each other; two writes of one name always meet on one stripe and take turns.
     */
    static final int STRIPES = 16;
    /** A container row's columns (table alias {@code c}) as {@link #containerRow} maps them, with -1 for the figures. */
    private static final String UNCOUNTED_COLUMNS = "c.account, c.name, c.metadata, c.sysmeta, -1, -1, c.created_at, -1, c.versioning";
    private static final String STRIPE_SUM = "FROM object_container_stripes s WHERE s.account = c.account AND s.container = c.name)";
    /** A container's columns, its figures being its row's plus its stripes', over {@code object_containers c}: for lists. */
    private static final String CONTAINER_SELECT = "c.account, c.name, c.metadata, c.sysmeta, "
            + "c.object_count + (SELECT COALESCE(SUM(s.object_count), 0) " + STRIPE_SUM + ", "
            + "c.bytes_used + (SELECT COALESCE(SUM(s.bytes_used), 0) " + STRIPE_SUM + ", "
            + "c.created_at, GREATEST(c.updated_at, (SELECT COALESCE(MAX(s.updated_at), 0) " + STRIPE_SUM + "), c.versioning";
    private static final java.security.SecureRandom RANDOM = new java.security.SecureRandom();

    private final UnitOfWork work;

    public ObjectMetadataStore(Jdbi jdbi)
    {
        this(new UnitOfWork(requireNonNull(jdbi, "jdbi is null")));
    }

    /** Every read and write joins the unit of work open on the calling thread, if any (an event commits with its change). */
    public ObjectMetadataStore(UnitOfWork work)
    {
        this.work = requireNonNull(work, "work is null");
    }

    public UnitOfWork unitOfWork()
    {
        return work;
    }

    // ---- accounts

    public Optional<AccountRow> account(String account)
    {
        return work.handle(h -> h.createQuery("SELECT account, metadata, created_at, updated_at FROM object_accounts WHERE account = :a")
                .bind("a", account)
                .map((rs, ctx) -> new AccountRow(rs.getString(1), map(rs.getString(2)), rs.getLong(3), rs.getLong(4)))
                .findOne());
    }

    public AccountUsage usage(String account)
    {
        return work.handle(h -> usage(h, account));
    }

    private static AccountUsage usage(Handle h, String account)
    {
        return h.createQuery("SELECT COUNT(*), "
                        + "COALESCE(SUM(object_count), 0) + (SELECT COALESCE(SUM(object_count), 0) FROM object_container_stripes WHERE account = :a), "
                        + "COALESCE(SUM(bytes_used), 0) + (SELECT COALESCE(SUM(bytes_used), 0) FROM object_container_stripes WHERE account = :a) "
                        + "FROM object_containers WHERE account = :a")
                .bind("a", account)
                .map((rs, ctx) -> new AccountUsage(rs.getLong(1), rs.getLong(2), rs.getLong(3)))
                .one();
    }

    /** Creates the account row if needed, then replaces its metadata with what {@code change} makes of it. */
    public AccountRow updateAccount(String account, long now, UnaryOperator<Map<String, String>> change)
    {
        return inTransaction(h -> {
            ensureAccount(h, account, now);
            Map<String, String> current = h.createQuery("SELECT metadata FROM object_accounts WHERE account = :a FOR UPDATE")
                    .bind("a", account).map((rs, ctx) -> map(rs.getString(1))).one();
            Map<String, String> updated = change.apply(current);
            h.createUpdate("UPDATE object_accounts SET metadata = :m, updated_at = :now WHERE account = :a")
                    .bind("a", account).bind("m", json(updated)).bind("now", now).execute();
            return h.createQuery("SELECT account, metadata, created_at, updated_at FROM object_accounts WHERE account = :a")
                    .bind("a", account)
                    .map((rs, ctx) -> new AccountRow(rs.getString(1), map(rs.getString(2)), rs.getLong(3), rs.getLong(4)))
                    .one();
        });
    }

    private static void ensureAccount(Handle h, String account, long now)
    {
        h.createUpdate("INSERT INTO object_accounts (account, metadata, created_at, updated_at) VALUES (:a, '{}', :now, :now) "
                        + "ON CONFLICT DO NOTHING")
                .bind("a", account).bind("now", now).execute();
    }

    // ---- containers

    public Optional<ContainerRow> container(String account, String name)
    {
        return work.handle(h -> container(h, account, name));
    }

    private static Optional<ContainerRow> container(Handle h, String account, String name)
    {
        // one pass over the container's stripes, not one per figure
        return h.createQuery("SELECT c.account, c.name, c.metadata, c.sysmeta, c.object_count + COALESCE(s.object_count, 0), "
                        + "c.bytes_used + COALESCE(s.bytes_used, 0), c.created_at, GREATEST(c.updated_at, COALESCE(s.updated_at, 0)), c.versioning "
                        + "FROM object_containers c CROSS JOIN (SELECT SUM(object_count) AS object_count, SUM(bytes_used) AS bytes_used, "
                        + "MAX(updated_at) AS updated_at FROM object_container_stripes WHERE account = :a AND container = :n) s "
                        + "WHERE c.account = :a AND c.name = :n")
                .bind("a", account).bind("n", bytes(name))
                .map((rs, ctx) -> containerRow(rs))
                .findOne();
    }

    /** Locks the container's row, as a change of its metadata does; false when there is no such container. */
    private static boolean lockContainerRow(Handle h, String account, String name)
    {
        return h.createQuery("SELECT 1 FROM object_containers WHERE account = :a AND name = :n FOR UPDATE")
                .bind("a", account).bind("n", bytes(name)).mapTo(Integer.class).findOne().isPresent();
    }

    /**
     * Locks the container as a whole (its row, then every stripe, in order), as a change that every write must see
     * or wait for does (deleting it, changing its versioning); returns it, empty when there is no such container.
     */
    private static Optional<ContainerRow> lockWholeContainer(Handle h, String account, String name)
    {
        if (!lockContainerRow(h, account, name)) {
            return Optional.empty();
        }
        h.createQuery("SELECT stripe FROM object_container_stripes WHERE account = :a AND container = :n ORDER BY stripe FOR UPDATE")
                .bind("a", account).bind("n", bytes(name)).mapTo(Integer.class).list();
        return container(h, account, name);
    }

    /**
     * Locks what a change of one object's rows needs: the stripe of its name, which every other change of that name
     * and every change of the whole container also lock. Returns the container as it is once locked, without its
     * figures (-1: a write reads them only to check a quota, see {@link #counted}); empty when there is no such
     * container.
     */
    private static Optional<ContainerRow> lockName(Handle h, String account, String container, String name)
    {
        boolean exists = h.createQuery("SELECT 1 FROM object_container_stripes WHERE account = :a AND container = :c AND stripe = :s FOR UPDATE")
                .bind("a", account).bind("c", bytes(container)).bind("s", stripe(name))
                .mapTo(Integer.class).findOne().isPresent();
        if (!exists) {
            return Optional.empty();
        }
        return uncounted(h, account, container);
    }

    /**
     * The container's row without its figures (object count, bytes used and last change are -1), as a request about
     * one of its objects needs it: summing its stripes is left to {@link #container}. Empty when there is no such
     * container.
     */
    public Optional<ContainerRow> uncountedContainer(String account, String name)
    {
        return work.handle(h -> uncounted(h, account, name));
    }

    private static Optional<ContainerRow> uncounted(Handle h, String account, String name)
    {
        return h.createQuery("SELECT " + UNCOUNTED_COLUMNS + " FROM object_containers c WHERE c.account = :a AND c.name = :n")
                .bind("a", account).bind("n", bytes(name))
                .map((rs, ctx) -> containerRow(rs))
                .findOne();
    }

    /** The container with its figures, read in the transaction that holds it locked ({@link #lockName}). */
    private static ContainerRow counted(Handle h, ContainerRow container)
    {
        return container(h, container.account(), container.name())
                .orElseThrow(() -> new IllegalStateException("a locked container is gone"));
    }

    static int stripe(String name)
    {
        return Math.floorMod(name.hashCode(), STRIPES);
    }

    /** Creates a container; false when it already exists (and then nothing changes). */
    public boolean createContainer(String account, String name, Map<String, String> metadata, Map<String, String> sysmeta, long now)
    {
        return inTransaction(h -> {
            ensureAccount(h, account, now);
            int inserted = h.createUpdate("INSERT INTO object_containers (" + CONTAINER_COLUMNS + ") "
                            + "VALUES (:a, :n, :m, :s, 0, 0, :now, :now, NULL) ON CONFLICT DO NOTHING")
                    .bind("a", account).bind("n", bytes(name)).bind("m", json(metadata)).bind("s", json(sysmeta)).bind("now", now)
                    .execute();
            if (inserted == 1) {
                StringBuilder stripes = new StringBuilder("INSERT INTO object_container_stripes (account, container, stripe, object_count, bytes_used, updated_at) VALUES ");
                for (int stripe = 0; stripe < STRIPES; stripe++) {
                    stripes.append(stripe == 0 ? "" : ", ").append("(:a, :n, ").append(stripe).append(", 0, 0, :now)");
                }
                h.createUpdate(stripes.toString()).bind("a", account).bind("n", bytes(name)).bind("now", now).execute();
            }
            return inserted == 1;
        });
    }

    /** Applies {@code change} to a container under its lock; empty when there is no such container. */
    public Optional<ContainerRow> updateContainer(String account, String name, UnaryOperator<ContainerRow> change)
    {
        return inTransaction(h -> {
            if (!lockContainerRow(h, account, name)) {
                return Optional.empty();
            }
            Optional<ContainerRow> current = container(h, account, name);
            if (current.isEmpty()) {
                return Optional.empty();
            }
            ContainerRow updated = change.apply(current.get());
            h.createUpdate("UPDATE object_containers SET metadata = :m, sysmeta = :s, updated_at = :u WHERE account = :a AND name = :n")
                    .bind("a", account).bind("n", bytes(name)).bind("m", json(updated.metadata())).bind("s", json(updated.sysmeta()))
                    .bind("u", updated.updatedAt())
                    .execute();
            return Optional.of(updated);
        });
    }

    public enum ContainerDeletion
    {
        DELETED, NOT_FOUND, NOT_EMPTY
    }

    /** Deletes an empty container with its tombstones. */
    public ContainerDeletion deleteContainer(String account, String name)
    {
        return inTransaction(h -> {
            Optional<ContainerRow> current = lockWholeContainer(h, account, name);
            if (current.isEmpty()) {
                return ContainerDeletion.NOT_FOUND;
            }
            if (current.get().objectCount() > 0 || (current.get().versioned() && hasVersions(h, account, name))) {
                return ContainerDeletion.NOT_EMPTY;
            }
            h.createUpdate("DELETE FROM object_objects WHERE account = :a AND container = :n").bind("a", account).bind("n", bytes(name)).execute();
            h.createUpdate("DELETE FROM object_container_stripes WHERE account = :a AND container = :n").bind("a", account).bind("n", bytes(name)).execute();
            h.createUpdate("DELETE FROM object_containers WHERE account = :a AND name = :n").bind("a", account).bind("n", bytes(name)).execute();
            h.createUpdate("DELETE FROM object_s3_buckets WHERE account = :a AND name = :n").bind("a", account).bind("n", bytes(name)).execute();
            return ContainerDeletion.DELETED;
        });
    }

    /** Sets a container's versioning ({@link ContainerRow#ENABLED} or {@link ContainerRow#SUSPENDED}) under its lock. */
    public Optional<ContainerRow> setVersioning(String account, String name, String state, long now)
    {
        if (!state.equals(ContainerRow.ENABLED) && !state.equals(ContainerRow.SUSPENDED)) {
            throw new IllegalArgumentException("unknown versioning state " + state);
        }
        return inTransaction(h -> {
            Optional<ContainerRow> current = lockWholeContainer(h, account, name);
            if (current.isEmpty()) {
                return Optional.empty();
            }
            h.createUpdate("UPDATE object_containers SET versioning = :v, updated_at = CASE WHEN updated_at < :now THEN :now ELSE updated_at END "
                            + "WHERE account = :a AND name = :n")
                    .bind("a", account).bind("n", bytes(name)).bind("v", state).bind("now", now).execute();
            return container(h, account, name);
        });
    }

    /** Whether a versioned container keeps any version or delete marker besides its current objects. */
    private static boolean hasVersions(Handle h, String account, String name)
    {
        return h.createQuery("SELECT 1 FROM object_versions WHERE account = :a AND container = :n LIMIT 1")
                .bind("a", account).bind("n", bytes(name)).mapTo(Integer.class).findOne().isPresent()
                || h.createQuery("SELECT 1 FROM object_objects WHERE account = :a AND container = :n AND delete_marker = TRUE LIMIT 1")
                .bind("a", account).bind("n", bytes(name)).mapTo(Integer.class).findOne().isPresent();
    }

    /** Containers of an account in byte order of their names, between two bounds (null for none). */
    public List<ContainerRow> listContainers(String account, Bounds bounds, int limit)
    {
        return work.handle(h -> {
            StringBuilder sql = new StringBuilder("SELECT " + CONTAINER_SELECT + " FROM object_containers c WHERE c.account = :a");
            bounds.appendTo(sql, "name");
            sql.append(" ORDER BY name ").append(bounds.descending() ? "DESC" : "ASC").append(" LIMIT :limit");
            Query query = h.createQuery(sql.toString()).bind("a", account).bind("limit", limit);
            bounds.bind(query);
            return query.map((rs, ctx) -> containerRow(rs)).list();
        });
    }

    // ---- S3's bucket namespace

    /** A bucket name's owner, and that account's container of the name as {@link #uncountedContainer} reads it. */
    public record BucketRow(String account, Optional<ContainerRow> container)
    {
        public BucketRow
        {
            requireNonNull(account, "account is null");
            requireNonNull(container, "container is null");
        }
    }

    /** The account whose S3 bucket the name is, with its container, in one statement; empty when no account holds the name. */
    public Optional<BucketRow> bucket(String name)
    {
        return work.handle(h -> h.createQuery("SELECT " + UNCOUNTED_COLUMNS + ", b.account "
                        + "FROM object_s3_buckets b LEFT JOIN object_containers c ON c.account = b.account AND c.name = b.name WHERE b.name = :n")
                .bind("n", bytes(name))
                .map((rs, ctx) -> new BucketRow(rs.getString(10), rs.getString(1) == null ? Optional.empty() : Optional.of(containerRow(rs))))
                .findOne());
    }

    /** The account whose S3 bucket the name is, if any. */
    public Optional<String> bucketOwner(String name)
    {
        return work.handle(h -> bucketOwner(h, name));
    }

    private static Optional<String> bucketOwner(Handle h, String name)
    {
        return h.createQuery("SELECT account FROM object_s3_buckets WHERE name = :n").bind("n", bytes(name)).mapTo(String.class).findOne();
    }

    /**
     * Gives the name to {@code account} unless another account holds it; returns the account that holds it after.
     * The name's primary key decides between two concurrent claims: one inserts, the other finds its row.
     */
    public String claimBucket(String account, String name, long now)
    {
        return inTransaction(h -> {
            h.createUpdate("INSERT INTO object_s3_buckets (name, account, created_at) VALUES (:n, :a, :now) ON CONFLICT DO NOTHING")
                    .bind("n", bytes(name)).bind("a", account).bind("now", now).execute();
            return bucketOwner(h, name).orElseThrow(() -> new IllegalStateException("bucket name claimed and gone in one transaction"));
        });
    }

    // ---- objects

    /** The row of a name, tombstone or not. */
    public Optional<ObjectRow> object(String account, String container, String name)
    {
        return work.handle(h -> object(h, account, container, name));
    }

    private static Optional<ObjectRow> object(Handle h, String account, String container, String name)
    {
        return h.createQuery("SELECT " + OBJECT_COLUMNS + " FROM object_objects WHERE account = :a AND container = :c AND name = :n")
                .bind("a", account).bind("c", bytes(container)).bind("n", bytes(name))
                .map((rs, ctx) -> objectRow(rs))
                .findOne();
    }

    /**
     * Checks a write against the state it would change, inside its transaction; throws to refuse it. The container
     * is as the write locked it, without its figures (object count, bytes used and last change are -1: summing its
     * stripes is left to {@code counted}, for a check that needs them).
     */
    @FunctionalInterface
    public interface CommitGuard
    {
        void check(ContainerRow container, Supplier<ContainerRow> counted, Optional<ObjectRow> previous, LongSupplier accountBytesUsed);
    }

    /** What became of a write or delete. */
    public sealed interface Outcome
    {
        /**
         * The change is in; {@code previous} is the live row it replaced as the latest, {@code freedBlobs} the blobs no
         * row names any more (in a versioned container the replaced row is kept as a version, and its blob with it).
         */
        record Applied(ObjectRow row, Optional<ObjectRow> previous, List<String> freedBlobs) implements Outcome
        {
            public Applied
            {
                requireNonNull(previous, "previous is null");
                freedBlobs = List.copyOf(freedBlobs);
            }

            public Applied(ObjectRow row, Optional<ObjectRow> previous)
            {
                this(row, previous, previous.flatMap(ObjectRow::blobId).stream().toList());
            }
        }

        /** A newer write or delete of the name is already in; nothing changed. */
        record Superseded(ObjectRow current) implements Outcome {}

        /** There is no such container (any more); nothing changed. */
        record NoContainer() implements Outcome {}

        /** There was no live object to change; nothing changed. */
        record NoObject() implements Outcome {}
    }

    /**
     * Makes {@code row} the current version of its name unless a newer version or tombstone is there, and moves
     * the container's counts by the difference, in one transaction. {@code current} sees the name's live row (none
     * behind a delete marker) first, with the container locked, and may throw to refuse the write.
     */
    public Outcome putObject(ObjectRow row, Consumer<Optional<ObjectRow>> current, CommitGuard guard)
    {
        return inTransaction(h -> {
            Optional<ContainerRow> container = lockName(h, row.account(), row.container(), row.name());
            if (container.isEmpty()) {
                return new Outcome.NoContainer();
            }
            Optional<ObjectRow> existing = object(h, row.account(), row.container(), row.name());
            // before a late write is found superseded: a conditional write is refused, not reported done
            current.accept(existing.filter(old -> !old.deleted()));
            if (container.get().versioned()) {
                return putVersion(h, container.get(), row, existing, guard);
            }
            if (existing.isPresent() && existing.get().version() >= row.version()) {
                return new Outcome.Superseded(existing.get());
            }
            Optional<ObjectRow> previous = existing.filter(old -> !old.deleted());
            guard.check(container.get(), () -> counted(h, container.get()), previous, () -> usage(h, row.account()).bytesUsed());
            write(h, row, existing.isPresent());
            long countDelta = previous.isPresent() ? 0 : 1;
            long bytesDelta = row.size() - previous.map(ObjectRow::size).orElse(0L);
            moveCounts(h, row.account(), row.container(), row.name(), countDelta, bytesDelta, row.version());
            return new Outcome.Applied(row, previous);
        });
    }

    /**
     * A write to a versioned container: the commit order decides, so the last write to commit is the latest. With
     * versioning enabled the write gets a version id of its own and the row it replaces stays as a version; suspended,
     * it is the null version and replaces the one there was.
     */
    private static Outcome putVersion(Handle h, ContainerRow container, ObjectRow row, Optional<ObjectRow> existing, CommitGuard guard)
    {
        long version = Math.max(row.version(), existing.map(old -> old.version() + 1).orElse(0L));
        ObjectRow placed = row.asVersion(version, container.versioningEnabled() ? Optional.of(newVersionId(version)) : Optional.empty());
        Optional<ObjectRow> previous = existing.filter(old -> !old.deleted());
        guard.check(container, () -> counted(h, container), previous, () -> usage(h, row.account()).bytesUsed());
        List<String> freed = displaceLatest(h, container, existing);
        write(h, placed, existing.isPresent());
        long countDelta = previous.isPresent() ? 0 : 1;
        long bytesDelta = placed.size() - previous.map(ObjectRow::size).orElse(0L);
        moveCounts(h, row.account(), row.container(), row.name(), countDelta, bytesDelta, version);
        return new Outcome.Applied(placed, previous, freed);
    }

    /**
     * Before a new latest row takes a name of a versioned container: keeps the current latest as a version, or, when
     * the new row is the null version (suspended), drops the null version wherever it is. Returns the blobs freed.
     */
    private static List<String> displaceLatest(Handle h, ContainerRow container, Optional<ObjectRow> existing)
    {
        List<String> freed = new ArrayList<>();
        boolean suspended = !container.versioningEnabled();
        if (existing.isPresent() && !existing.get().plainTombstone()) {
            ObjectRow old = existing.get();
            if (suspended && old.versionId().isEmpty()) {
                old.blobId().ifPresent(freed::add);
            }
            else {
                insertVersion(h, old);
            }
        }
        if (suspended && existing.isPresent()) {
            ObjectRow any = existing.get();
            List<ObjectRow> nullVersions = h.createQuery("SELECT " + OBJECT_COLUMNS + " FROM object_versions WHERE account = :a AND container = :c "
                            + "AND name = :n AND version_id IS NULL")
                    .bind("a", any.account()).bind("c", bytes(any.container())).bind("n", bytes(any.name()))
                    .map((rs, ctx) -> objectRow(rs)).list();
            for (ObjectRow nullVersion : nullVersions) {
                deleteVersionRow(h, nullVersion);
                nullVersion.blobId().ifPresent(freed::add);
            }
        }
        return freed;
    }

    private static void insertVersion(Handle h, ObjectRow row)
    {
        org.jdbi.v3.core.statement.Update update = h.createUpdate("INSERT INTO object_versions (" + OBJECT_COLUMNS + ") VALUES (:a, :c, :n, :version, :deleted, :blob, :size, :etag, :type, "
                        + ":metadata, :headers, :sysmeta, :kind, :manifest, :modified, :deleteAt, :versionId, :marker)");
        bindRow(update, row).execute();
    }

    private static void deleteVersionRow(Handle h, ObjectRow row)
    {
        h.createUpdate("DELETE FROM object_versions WHERE account = :a AND container = :c AND name = :n AND version = :v")
                .bind("a", row.account()).bind("c", bytes(row.container())).bind("n", bytes(row.name())).bind("v", row.version())
                .execute();
    }

    /** A new version id: the version's stamp then random bits, 32 hex digits, so ids never repeat. */
    static String newVersionId(long version)
    {
        return String.format("%016x%016x", version, RANDOM.nextLong());
    }

    /**
     * Changes the live row of a name in place (metadata, expiry, content type), under the container lock.
     * {@code change} sees the current row; the version it returns must be the current one or newer.
     */
    public Outcome updateObject(String account, String container, String name, UnaryOperator<ObjectRow> change)
    {
        return inTransaction(h -> {
            Optional<ContainerRow> containerRow = lockName(h, account, container, name);
            if (containerRow.isEmpty()) {
                return new Outcome.NoContainer();
            }
            Optional<ObjectRow> existing = object(h, account, container, name);
            if (existing.isEmpty() || existing.get().deleted()) {
                return new Outcome.NoObject();
            }
            // the change is of this version: it keeps its id
            ObjectRow updated = change.apply(existing.get()).withVersionId(existing.get().versionId());
            if (updated.size() != existing.get().size() || updated.deleted()) {
                throw new IllegalArgumentException("an update changes neither size nor existence");
            }
            write(h, updated, true);
            return new Outcome.Applied(updated, existing);
        });
    }

    /**
     * Changes the sysmeta of a version that is not the latest (its tags or ACL, kept from when it was overwritten).
     * Empty when no such version is among the noncurrent ones: it is the latest, or there is none.
     */
    public Optional<ObjectRow> updateNoncurrentSysmeta(String account, String container, String name, Optional<String> versionId,
            UnaryOperator<Map<String, String>> change)
    {
        return inTransaction(h -> {
            // under the container lock, as every other change of a version: two changes of one version's sysmeta
            // (its tags and its ACL, say) apply one after the other, neither writing over the other's
            if (lockName(h, account, container, name).isEmpty()) {
                return Optional.<ObjectRow>empty();
            }
            Optional<ObjectRow> row = versionRow(h, account, container, name, versionId);
            if (row.isEmpty() || row.get().deleteMarker()) {
                return Optional.<ObjectRow>empty();
            }
            int updated = h.createUpdate("UPDATE object_versions SET sysmeta = :s WHERE account = :a AND container = :c AND name = :n AND version = :v")
                    .bind("s", json(change.apply(row.get().sysmeta())))
                    .bind("a", account).bind("c", bytes(container)).bind("n", bytes(name)).bind("v", row.get().version())
                    .execute();
            return updated == 1 ? versionRow(h, account, container, name, versionId) : Optional.<ObjectRow>empty();
        });
    }

    /** Which rows a delete may remove: all, or only one exact version (e.g. the one an expiry was set on). */
    @FunctionalInterface
    public interface DeleteCondition
    {
        boolean test(ObjectRow current);
    }

    /** Replaces the live row of a name with a tombstone at {@code version}, and moves the container's counts. */
    public Outcome deleteObject(String account, String container, String name, long version, DeleteCondition condition)
    {
        return deleteObject(account, container, name, version, condition, false);
    }

    /**
     * The same; in a versioned container the delete writes a delete marker as the latest instead, also where there is no
     * live object when {@code markWithoutObject} (as S3's DeleteObject does).
     */
    public Outcome deleteObject(String account, String container, String name, long version, DeleteCondition condition, boolean markWithoutObject)
    {
        return deleteObject(account, container, name, version, condition, markWithoutObject, live -> {});
    }

    /**
     * The same, first showing {@code current} the live row of the name (empty when there is none) with the container
     * locked, so that a conditional delete is judged against what concurrent writes left; it throws to refuse, and
     * then nothing changes.
     */
    public Outcome deleteObject(String account, String container, String name, long version, DeleteCondition condition, boolean markWithoutObject,
            Consumer<Optional<ObjectRow>> current)
    {
        return inTransaction(h -> {
            Optional<ContainerRow> containerRow = lockName(h, account, container, name);
            if (containerRow.isEmpty()) {
                return new Outcome.NoContainer();
            }
            Optional<ObjectRow> existing = object(h, account, container, name);
            current.accept(existing.filter(old -> !old.deleted()));
            if (containerRow.get().versioned()) {
                Optional<ObjectRow> live = existing.filter(row -> !row.deleted());
                if (live.isPresent() ? !condition.test(live.get()) : !markWithoutObject) {
                    return new Outcome.NoObject();
                }
                long markerVersion = Math.max(version, existing.map(old -> old.version() + 1).orElse(0L));
                ObjectRow marker = ObjectRow.deleteMarker(account, container, name, markerVersion,
                        containerRow.get().versioningEnabled() ? Optional.of(newVersionId(markerVersion)) : Optional.empty());
                List<String> freed = displaceLatest(h, containerRow.get(), existing);
                write(h, marker, existing.isPresent());
                live.ifPresent(old -> moveCounts(h, account, container, name, -1, -old.size(), markerVersion));
                return new Outcome.Applied(marker, live, freed);
            }
            if (existing.isEmpty() || existing.get().deleted() || !condition.test(existing.get())) {
                return new Outcome.NoObject();
            }
            if (existing.get().version() >= version) {
                return new Outcome.Superseded(existing.get());
            }
            ObjectRow tombstone = ObjectRow.tombstone(account, container, name, version);
            write(h, tombstone, true);
            moveCounts(h, account, container, name, -1, -existing.get().size(), version);
            return new Outcome.Applied(tombstone, existing);
        });
    }

    /**
     * Removes one version of a name for good (an id that is empty names the null version). When it is the latest, the
     * newest remaining version takes its place, or a tombstone when none remains. NoObject when there is no such version.
     */
    public Outcome deleteVersion(String account, String container, String name, Optional<String> versionId, long now)
    {
        return deleteVersion(account, container, name, versionId, now, row -> true);
    }

    /** The same, only when the version passes {@code condition} (e.g. is the very one an audit read); NoObject when not. */
    public Outcome deleteVersion(String account, String container, String name, Optional<String> versionId, long now, DeleteCondition condition)
    {
        return inTransaction(h -> {
            Optional<ContainerRow> containerRow = lockName(h, account, container, name);
            if (containerRow.isEmpty()) {
                return new Outcome.NoContainer();
            }
            Optional<ObjectRow> latest = object(h, account, container, name).filter(row -> !row.plainTombstone());
            if (latest.isPresent() && latest.get().versionId().equals(versionId)) {
                if (!condition.test(latest.get())) {
                    return new Outcome.NoObject();
                }
                ObjectRow removed = latest.get();
                Optional<ObjectRow> promoted = newestNoncurrent(h, account, container, name);
                if (promoted.isPresent()) {
                    deleteVersionRow(h, promoted.get());
                    write(h, promoted.get(), true);
                }
                else {
                    write(h, ObjectRow.tombstone(account, container, name, Math.max(now, removed.version() + 1)), true);
                }
                long countDelta = (promoted.filter(row -> !row.deleted()).isPresent() ? 1 : 0) - (removed.deleted() ? 0 : 1);
                long bytesDelta = promoted.filter(row -> !row.deleted()).map(ObjectRow::size).orElse(0L) - removed.size();
                moveCounts(h, account, container, name, countDelta, bytesDelta, now);
                return new Outcome.Applied(removed, Optional.of(removed));
            }
            Optional<ObjectRow> version = versionRow(h, account, container, name, versionId);
            if (version.isEmpty() || !condition.test(version.get())) {
                return new Outcome.NoObject();
            }
            deleteVersionRow(h, version.get());
            return new Outcome.Applied(version.get(), version);
        });
    }

    /** One version of a name, the latest (a delete marker too) or an older one; an empty id names the null version. */
    public Optional<ObjectRow> objectVersion(String account, String container, String name, Optional<String> versionId)
    {
        return work.handle(h -> {
            Optional<ObjectRow> latest = object(h, account, container, name).filter(row -> !row.plainTombstone());
            if (latest.isPresent() && latest.get().versionId().equals(versionId)) {
                return latest;
            }
            return versionRow(h, account, container, name, versionId);
        });
    }

    private static Optional<ObjectRow> versionRow(Handle h, String account, String container, String name, Optional<String> versionId)
    {
        return h.createQuery("SELECT " + OBJECT_COLUMNS + " FROM object_versions WHERE account = :a AND container = :c AND name = :n AND "
                        + (versionId.isPresent() ? "version_id = :id" : "version_id IS NULL"))
                .bind("a", account).bind("c", bytes(container)).bind("n", bytes(name)).bind("id", versionId.orElse(null))
                .map((rs, ctx) -> objectRow(rs))
                .findFirst();
    }

    /** The newest of the versions of a name that are not the latest. */
    private static Optional<ObjectRow> newestNoncurrent(Handle h, String account, String container, String name)
    {
        return h.createQuery("SELECT " + OBJECT_COLUMNS + " FROM object_versions WHERE account = :a AND container = :c AND name = :n "
                        + "ORDER BY version DESC LIMIT 1")
                .bind("a", account).bind("c", bytes(container)).bind("n", bytes(name))
                .map((rs, ctx) -> objectRow(rs)).findFirst();
    }

    /** One entry of a version listing: a version or delete marker, and whether it is the latest of its name. */
    public record VersionRow(ObjectRow row, boolean latest) {}

    /**
     * Versions and delete markers of a container, by name in byte order and newest first within a name, between two
     * bounds; with {@code resume} ({@code name}, {@code version}), only the versions of that name older than it.
     * Descending bounds give the exact reverse: names in reverse byte order, oldest first within a name, and after
     * {@code resume} only the versions of its name newer than it.
     */
    public List<VersionRow> listVersions(String account, String container, Bounds bounds, Optional<ObjectRow> resume, int limit)
    {
        boolean reverse = bounds.descending();
        return work.handle(h -> {
            StringBuilder where = new StringBuilder(" WHERE account = :a AND container = :c");
            bounds.appendTo(where, "name");
            resume.ifPresent(ignored -> where.append(reverse ? " AND (name <> :rn OR version > :rv)" : " AND (name <> :rn OR version < :rv)"));
            String sql = "SELECT " + OBJECT_COLUMNS + ", TRUE AS latest FROM object_objects" + where + " AND NOT (deleted = TRUE AND delete_marker = FALSE)"
                    + " UNION ALL SELECT " + OBJECT_COLUMNS + ", FALSE AS latest FROM object_versions" + where
                    + (reverse ? " ORDER BY name DESC, version ASC" : " ORDER BY name ASC, version DESC") + " LIMIT :limit";
            Query query = h.createQuery(sql).bind("a", account).bind("c", bytes(container)).bind("limit", limit);
            bounds.bind(query);
            resume.ifPresent(row -> query.bind("rn", bytes(row.name())).bind("rv", row.version()));
            return query.map((rs, ctx) -> new VersionRow(objectRow(rs), rs.getBoolean("latest"))).list();
        });
    }

    /** Live, unexpired objects of a container in byte order of their names, between two bounds. */
    public List<ObjectRow> listObjects(String account, String container, Bounds bounds, long nowSeconds, int limit)
    {
        return work.handle(h -> {
            StringBuilder sql = new StringBuilder("SELECT " + OBJECT_COLUMNS + " FROM object_objects WHERE account = :a AND container = :c "
                    + "AND deleted = FALSE AND (delete_at IS NULL OR delete_at > :now)");
            bounds.appendTo(sql, "name");
            sql.append(" ORDER BY name ").append(bounds.descending() ? "DESC" : "ASC").append(" LIMIT :limit");
            Query query = h.createQuery(sql.toString()).bind("a", account).bind("c", bytes(container)).bind("now", nowSeconds).bind("limit", limit);
            bounds.bind(query);
            return query.map((rs, ctx) -> objectRow(rs)).list();
        });
    }

    /** Live rows whose expiry time has passed, oldest expiry first. */
    public List<ObjectRow> expired(long nowSeconds, int limit)
    {
        return work.handle(h -> h.createQuery("SELECT " + OBJECT_COLUMNS + " FROM object_objects "
                        + "WHERE delete_at <= :now AND deleted = FALSE ORDER BY delete_at LIMIT :limit")
                .bind("now", nowSeconds).bind("limit", limit)
                .map((rs, ctx) -> objectRow(rs)).list());
    }

    /** Live rows of one container whose expiry time has passed. */
    public List<ObjectRow> expired(String account, String container, long nowSeconds, int limit)
    {
        return work.handle(h -> h.createQuery("SELECT " + OBJECT_COLUMNS + " FROM object_objects "
                        + "WHERE account = :a AND container = :c AND delete_at <= :now AND deleted = FALSE LIMIT :limit")
                .bind("a", account).bind("c", bytes(container)).bind("now", nowSeconds).bind("limit", limit)
                .map((rs, ctx) -> objectRow(rs)).list());
    }

    /** Removes tombstones older than {@code version}; a write that slow has long been answered. */
    public int purgeTombstones(long version, int limit)
    {
        return work.handle(h -> {
            List<ObjectRow> old = h.createQuery("SELECT " + OBJECT_COLUMNS + " FROM object_objects WHERE deleted = TRUE AND delete_marker = FALSE AND version < :v LIMIT :limit")
                    .bind("v", version).bind("limit", limit).map((rs, ctx) -> objectRow(rs)).list();
            int purged = 0;
            for (ObjectRow row : old) {
                purged += h.createUpdate("DELETE FROM object_objects WHERE account = :a AND container = :c AND name = :n AND deleted = TRUE AND delete_marker = FALSE AND version = :v")
                        .bind("a", row.account()).bind("c", bytes(row.container())).bind("n", bytes(row.name())).bind("v", row.version())
                        .execute();
            }
            return purged;
        });
    }

    /**
     * Latest rows that are objects or delete markers, in key order (account, container, name) after a key, for the
     * audit's walk over every object and, through {@link #noncurrentVersions}, every version.
     */
    public List<ObjectRow> scan(Optional<ObjectRow> after, int limit)
    {
        return work.handle(h -> {
            String sql = "SELECT " + OBJECT_COLUMNS + " FROM object_objects WHERE (deleted = FALSE OR delete_marker = TRUE)"
                    + (after.isPresent() ? " AND (account > :a OR (account = :a AND (container > :c OR (container = :c AND name > :n))))" : "")
                    + " ORDER BY account, container, name LIMIT :limit";
            Query query = h.createQuery(sql).bind("limit", limit);
            after.ifPresent(row -> query.bind("a", row.account()).bind("c", bytes(row.container())).bind("n", bytes(row.name())));
            return query.map((rs, ctx) -> objectRow(rs)).list();
        });
    }

    /** The versions of a name that are not the latest and hold bytes (no delete markers), newest first. */
    public List<ObjectRow> noncurrentVersions(String account, String container, String name)
    {
        return work.handle(h -> h.createQuery("SELECT " + OBJECT_COLUMNS + " FROM object_versions WHERE account = :a AND container = :c AND name = :n "
                        + "AND deleted = FALSE ORDER BY version DESC")
                .bind("a", account).bind("c", bytes(container)).bind("n", bytes(name))
                .map((rs, ctx) -> objectRow(rs)).list());
    }

    /** Rows of a container, tombstones included, changed after a version, oldest change first (container sync). */
    public List<ObjectRow> changesSince(String account, String container, long version, int limit)
    {
        return work.handle(h -> h.createQuery("SELECT " + OBJECT_COLUMNS + " FROM object_objects WHERE account = :a AND container = :c "
                        + "AND version > :v ORDER BY version LIMIT :limit")
                .bind("a", account).bind("c", bytes(container)).bind("v", version).bind("limit", limit)
                .map((rs, ctx) -> objectRow(rs)).list());
    }

    /** Containers whose system metadata has a key, across accounts (e.g. the ones to sync). */
    public List<ContainerRow> containersWithSysmeta(String key)
    {
        return work.handle(h -> h.createQuery("SELECT " + CONTAINER_SELECT + " FROM object_containers c WHERE c.sysmeta LIKE :pattern")
                .bind("pattern", "%" + json(Map.of(key, "")).replace("\"\"}", "").replace("{", "") + "%")
                .map((rs, ctx) -> containerRow(rs)).list()
                .stream().filter(row -> row.sysmeta().containsKey(key)).toList());
    }

    /** Which of the given blob ids some row names. */
    public Set<String> referencedBlobs(Collection<String> blobIds)
    {
        if (blobIds.isEmpty()) {
            return Set.of();
        }
        return work.handle(h -> new HashSet<>(h.createQuery("SELECT blob_id FROM object_objects WHERE blob_id IN (<ids>) "
                        + "UNION SELECT blob_id FROM object_versions WHERE blob_id IN (<ids>)")
                .bindList("ids", new ArrayList<>(blobIds))
                .mapTo(String.class)
                .list()));
    }

    // ---- rows

    private static void write(Handle h, ObjectRow row, boolean exists)
    {
        String sql = exists
                ? "UPDATE object_objects SET version = :version, deleted = :deleted, blob_id = :blob, size = :size, etag = :etag, "
                + "content_type = :type, metadata = :metadata, headers = :headers, sysmeta = :sysmeta, manifest_kind = :kind, "
                + "manifest = :manifest, last_modified = :modified, delete_at = :deleteAt, version_id = :versionId, delete_marker = :marker "
                + "WHERE account = :a AND container = :c AND name = :n"
                : "INSERT INTO object_objects (" + OBJECT_COLUMNS + ") VALUES (:a, :c, :n, :version, :deleted, :blob, :size, :etag, :type, "
                + ":metadata, :headers, :sysmeta, :kind, :manifest, :modified, :deleteAt, :versionId, :marker)";
        bindRow(h.createUpdate(sql), row).execute();
    }

    private static org.jdbi.v3.core.statement.Update bindRow(org.jdbi.v3.core.statement.Update update, ObjectRow row)
    {
        return update
                .bind("a", row.account()).bind("c", bytes(row.container())).bind("n", bytes(row.name()))
                .bind("version", row.version()).bind("deleted", row.deleted()).bind("blob", row.blobId().orElse(null))
                .bind("size", row.size()).bind("etag", row.etag()).bind("type", row.contentType())
                .bind("metadata", json(row.metadata())).bind("headers", json(row.headers())).bind("sysmeta", json(row.sysmeta()))
                .bind("kind", row.manifestKind().orElse(null)).bind("manifest", row.manifest().orElse(null))
                .bind("modified", row.lastModified())
                .bind("deleteAt", row.deleteAt().isPresent() ? row.deleteAt().getAsLong() : null)
                .bind("versionId", row.versionId().orElse(null)).bind("marker", row.deleteMarker());
    }

    /** Moves the container's figures in the stripe of the name, which the caller holds locked ({@link #lockName}). */
    private static void moveCounts(Handle h, String account, String container, String name, long countDelta, long bytesDelta, long now)
    {
        h.createUpdate("UPDATE object_container_stripes SET object_count = object_count + :dc, bytes_used = bytes_used + :db, "
                        + "updated_at = CASE WHEN updated_at < :now THEN :now ELSE updated_at END WHERE account = :a AND container = :n AND stripe = :s")
                .bind("a", account).bind("n", bytes(container)).bind("s", stripe(name)).bind("dc", countDelta).bind("db", bytesDelta).bind("now", now)
                .execute();
    }

    private static ContainerRow containerRow(ResultSet rs)
            throws SQLException
    {
        return new ContainerRow(rs.getString(1), string(rs.getBytes(2)), map(rs.getString(3)), map(rs.getString(4)),
                rs.getLong(5), rs.getLong(6), rs.getLong(7), rs.getLong(8), Optional.ofNullable(rs.getString(9)));
    }

    private static ObjectRow objectRow(ResultSet rs)
            throws SQLException
    {
        long deleteAt = rs.getLong(16);
        OptionalLong expiry = rs.wasNull() ? OptionalLong.empty() : OptionalLong.of(deleteAt);
        return new ObjectRow(rs.getString(1), string(rs.getBytes(2)), string(rs.getBytes(3)), rs.getLong(4), rs.getBoolean(5),
                Optional.ofNullable(rs.getString(6)), rs.getLong(7), rs.getString(8), rs.getString(9),
                map(rs.getString(10)), map(rs.getString(11)), map(rs.getString(12)),
                Optional.ofNullable(rs.getString(13)), Optional.ofNullable(rs.getString(14)), rs.getLong(15), expiry,
                Optional.ofNullable(rs.getString(17)), rs.getBoolean(18));
    }

    private <T> T inTransaction(org.jdbi.v3.core.HandleCallback<T, RuntimeException> callback)
    {
        return work.transaction(callback);
    }

    static byte[] bytes(String name)
    {
        return name.getBytes(StandardCharsets.UTF_8);
    }

    private static String string(byte[] bytes)
    {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private static Map<String, String> map(String json)
    {
        if (json == null || json.isEmpty()) {
            return Map.of();
        }
        try {
            return Json.mapper().readValue(json, MAP);
        }
        catch (java.io.IOException e) {
            throw new IllegalStateException("corrupt metadata JSON in the object store", e);
        }
    }

    private static String json(Map<String, String> map)
    {
        try {
            return Json.mapper().writeValueAsString(map);
        }
        catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
