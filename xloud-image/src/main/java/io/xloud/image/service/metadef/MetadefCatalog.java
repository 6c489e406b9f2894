package io.xloud.image.service.metadef;

import com.fasterxml.jackson.databind.JsonNode;
import io.xloud.core.db.UnitOfWork;
import io.xloud.core.json.Json;
import io.xloud.image.store.MetadefStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * The metadata definitions Glance ships (its etc/metadefs, loaded there by {@code glance-manage db_load_metadefs}),
 * loaded here at start. Each file loads in its own transaction together with the record that it was loaded, so a
 * start that dies half-way resumes with the first file not recorded, a file never loads twice (nor on two nodes
 * starting at once), and a shipped namespace an operator deleted stays deleted.
 */
public final class MetadefCatalog
{
    private static final Logger LOG = LoggerFactory.getLogger(MetadefCatalog.class);

    /** Where the shipped files are on the class path, with {@code catalog.txt} naming them one a line. */
    public static final String LOCATION = "image/metadefs/";

    private final MetadefStore store;
    private final MetadefService service;
    private final UnitOfWork unitOfWork;
    private final Clock clock;

    public MetadefCatalog(MetadefStore store, MetadefService service, UnitOfWork unitOfWork, Clock clock)
    {
        this.store = requireNonNull(store, "store is null");
        this.service = requireNonNull(service, "service is null");
        this.unitOfWork = requireNonNull(unitOfWork, "unitOfWork is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    /** The shipped files, in the order they load. */
    public static List<String> files()
    {
        return read("catalog.txt").lines().map(String::strip).filter(line -> !line.isEmpty() && !line.startsWith("#")).toList();
    }

    /** Loads every shipped file not loaded yet; returns how many it loaded now. */
    public int load()
    {
        int loaded = 0;
        for (String file : files()) {
            if (load(file)) {
                loaded++;
            }
        }
        if (loaded > 0) {
            LOG.info("loaded {} metadata definition namespaces", loaded);
        }
        return loaded;
    }

    /** Loads one shipped file unless it was; false when there was nothing to do. */
    public boolean load(String file)
    {
        if (store.catalogFileLoaded(file)) {
            return false;
        }
        JsonNode document = Json.parse(read(file));
        NamespaceDraft draft = MetadefDocuments.namespace(document);
        try {
            return unitOfWork.inTransaction(() -> {
                if (store.catalogFileLoaded(file)) {
                    return false;
                }
                store.recordCatalogFile(file, draft.namespace(), now());
                if (store.namespace(draft.namespace()).isPresent()) {
                    // a namespace of that name already exists (made through the API): it stays as it is
                    return false;
                }
                Instant now = now();
                MetadefNamespace namespace = new MetadefNamespace(MetadefStore.newId(), draft.namespace(), draft.displayName(),
                        draft.description(), draft.visibility().orElse(MetadefNamespace.PRIVATE), draft.isProtected().orElse(false),
                        Optional.of(draft.owner().orElse("admin")), now, Optional.empty());
                store.insertNamespace(namespace);
                service.fill(namespace, draft, now, Optional.empty(), true);
                return true;
            });
        }
        catch (MetadefStore.DuplicateKeyException e) {
            // another node loaded it at the same moment
            return false;
        }
    }

    private Instant now()
    {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    private static String read(String name)
    {
        try (InputStream in = MetadefCatalog.class.getClassLoader().getResourceAsStream(LOCATION + name)) {
            if (in == null) {
                throw new IllegalStateException("missing shipped metadata definition file " + LOCATION + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
