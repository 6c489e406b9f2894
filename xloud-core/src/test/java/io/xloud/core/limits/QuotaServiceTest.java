package io.xloud.core.limits;

import io.xloud.core.db.TestDatabases;
import io.xloud.core.db.Database;
import io.xloud.core.error.ApiException;
import io.xloud.core.error.CoreErrorCode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Runs on H2, or on PostgreSQL with -Dxloud.test.db=jdbc:postgresql://... */
class QuotaServiceTest
{
    @TempDir
    Path directory;

    private Database database;
    private final QuotaService quotas = new QuotaService(Map.of("volumes", 10L), CoreErrorCode.PAYLOAD_TOO_LARGE);

    @BeforeEach
    void open()
    {
        database = TestDatabases.open(directory);
        database.migrate("core");
    }

    @AfterEach
    void close()
    {
        database.close();
    }

    private long inUse(String project, String resource)
    {
        return database.jdbi().withHandle(h -> quotas.inUse(h, project, resource));
    }

    @Test
    void reservationsStopAtTheLimitAndReleasesFreeUnits()
    {
        database.jdbi().useTransaction(h -> quotas.reserve(h, "p1", "volumes", 10));
        assertThatThrownBy(() -> database.jdbi().useTransaction(h -> quotas.reserve(h, "p1", "volumes", 1)))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code()).isEqualTo(CoreErrorCode.PAYLOAD_TOO_LARGE));
        database.jdbi().useTransaction(h -> quotas.reserve(h, "p1", "volumes", -3));
        assertThat(inUse("p1", "volumes")).isEqualTo(7);
        database.jdbi().useTransaction(h -> quotas.setLimit(h, "p1", "volumes", 8));
        database.jdbi().useTransaction(h -> quotas.reserve(h, "p1", "volumes", 1));
        assertThatThrownBy(() -> database.jdbi().useTransaction(h -> quotas.reserve(h, "p1", "volumes", 1))).isInstanceOf(ApiException.class);
    }

    @Test
    void aRolledBackCreateGivesItsReservationBack()
    {
        assertThatThrownBy(() -> database.jdbi().useTransaction(h -> {
            quotas.reserve(h, "p1", "volumes", 4);
            throw new IllegalStateException("create failed");
        })).isInstanceOf(IllegalStateException.class);
        assertThat(inUse("p1", "volumes")).isZero();
    }

    @Test
    void concurrentReservationsNeverExceedTheLimit()
            throws Exception
    {
        AtomicInteger granted = new AtomicInteger();
        try (ExecutorService pool = Executors.newFixedThreadPool(16)) {
            List<Future<?>> futures = new ArrayList<>();
            for (int i = 0; i < 64; i++) {
                futures.add(pool.submit(() -> {
                    try {
                        database.jdbi().useTransaction(h -> quotas.reserve(h, "race", "volumes", 1));
                        granted.incrementAndGet();
                    }
                    catch (ApiException expected) {
                        // over quota
                    }
                }));
            }
            for (Future<?> future : futures) {
                future.get();
            }
        }
        assertThat(granted.get()).isEqualTo(10);
        assertThat(inUse("race", "volumes")).isEqualTo(10);
    }
}
