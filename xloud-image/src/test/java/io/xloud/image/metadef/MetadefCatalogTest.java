package io.xloud.image.metadef;

import io.xloud.core.db.Database;
import io.xloud.core.db.UnitOfWork;
import io.xloud.core.events.EventPublisher;
import io.xloud.image.ImageHost;
import io.xloud.image.service.metadef.MetadefCatalog;
import io.xloud.image.service.metadef.MetadefService;
import io.xloud.image.store.MetadefStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/** Loading the namespaces Glance ships: once, resumed after a start that died half-way, and never twice. */
class MetadefCatalogTest
{
    private static final String ADMIN = "admin-project:admin,member,reader";

    @TempDir
    Path dataDir;

    @Test
    void everyShippedFileIsListedAndParses()
    {
        List<String> files = MetadefCatalog.files();
        assertThat(files).hasSize(33).contains("compute-hypervisor.json", "compute-cpu-pinning.json", "compute-host-capabilities.json",
                "compute-watchdog.json", "image-signature-verification.json");
    }

    @Test
    void aLoadInterruptedHalfWayIsResumedAtTheNextStart()
            throws Exception
    {
        try (ImageHost image = new ImageHost(dataDir)) {
            assertThat(namespaceCount(image)).isEqualTo(33);
        }
        // what a kill during the first start leaves: the files after some point never committed (each file is one transaction)
        List<String> unloaded = MetadefCatalog.files().subList(20, 33);
        try (Database database = Database.open(Database.embeddedUrl(dataDir), "", "", 2)) {
            database.jdbi().useTransaction(h -> {
                for (String file : unloaded) {
                    String namespace = h.createQuery("SELECT namespace FROM metadef_catalog_loads WHERE file = :file").bind("file", file)
                            .mapTo(String.class).one();
                    h.createUpdate("DELETE FROM metadef_namespaces WHERE namespace = :namespace").bind("namespace", namespace).execute();
                    h.createUpdate("DELETE FROM metadef_catalog_loads WHERE file = :file").bind("file", file).execute();
                }
            });
            assertThat(count(database, "metadef_namespaces")).isEqualTo(20);
        }
        try (ImageHost image = new ImageHost(dataDir)) {
            assertThat(namespaceCount(image)).isEqualTo(33);
            assertThat(image.get("/image/v2/metadefs/namespaces/OS::Software::WebServers", ADMIN).json().path("objects").size()).isPositive();
        }
        try (Database database = Database.open(Database.embeddedUrl(dataDir), "", "", 2)) {
            assertThat(count(database, "metadef_catalog_loads")).isEqualTo(33);
            long properties = count(database, "metadef_properties");
            assertThat(properties).isPositive();
            // a third start loads nothing more
            try (ImageHost ignored = new ImageHost(dataDir)) {
                assertThat(count(database, "metadef_properties")).isEqualTo(properties);
            }
        }
    }

    @Test
    void twoNodesLoadingAtOnceLoadEachFileOnce()
            throws Exception
    {
        try (Database database = Database.open(Database.embeddedUrl(dataDir), "", "", 8)) {
            database.migrate("image");
            List<Future<Integer>> loads = new ArrayList<>();
            try (ExecutorService nodes = Executors.newFixedThreadPool(2)) {
                for (int node = 0; node < 2; node++) {
                    UnitOfWork unitOfWork = new UnitOfWork(database.jdbi());
                    MetadefStore store = new MetadefStore(unitOfWork);
                    MetadefCatalog catalog = new MetadefCatalog(store, new MetadefService(store, unitOfWork, Clock.systemUTC(), EventPublisher.none()), unitOfWork,
                            Clock.systemUTC());
                    loads.add(nodes.submit(() -> catalog.load()));
                }
            }
            int loaded = 0;
            for (Future<Integer> load : loads) {
                loaded += load.get();
            }
            assertThat(loaded).isEqualTo(33);
            assertThat(count(database, "metadef_namespaces")).isEqualTo(33);
            assertThat(count(database, "metadef_catalog_loads")).isEqualTo(33);
        }
    }

    private static int namespaceCount(ImageHost image)
            throws Exception
    {
        return image.get("/image/v2/metadefs/namespaces?limit=1000", ADMIN).json().path("namespaces").size();
    }

    private static long count(Database database, String table)
    {
        return database.jdbi().withHandle(h -> h.createQuery("SELECT COUNT(*) FROM " + table).mapTo(Long.class).one());
    }
}
