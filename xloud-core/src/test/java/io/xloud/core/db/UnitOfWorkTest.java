package io.xloud.core.db;

import io.xloud.core.error.ApiException;
import io.xloud.core.error.CoreErrorCode;
import io.xloud.core.events.Event;
import io.xloud.core.events.EventOutbox;
import io.xloud.core.events.EventPublisher;
import io.xloud.core.limits.QuotaService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A quota reservation, the insert it guards and its event commit together or not at all. H2, or PostgreSQL with -Dxloud.test.db. */
class UnitOfWorkTest
{
    @TempDir
    Path directory;

    private Database database;
    private UnitOfWork work;
    private EventPublisher events;
    private final QuotaService quotas = new QuotaService(Map.of("widgets", 2L), CoreErrorCode.PAYLOAD_TOO_LARGE);

    @BeforeEach
    void open()
    {
        database = TestDatabases.open(directory);
        database.migrate("core");
        database.jdbi().useHandle(h -> h.execute("CREATE TABLE widgets (id VARCHAR(64) PRIMARY KEY, project_id VARCHAR(64) NOT NULL)"));
        work = new UnitOfWork(database.jdbi());
        events = new EventOutbox(work);
    }

    @AfterEach
    void close()
    {
        database.close();
    }

    /** A service's create: each store call joins the unit of work instead of opening its own transaction. */
    private void createWidget(String project, String id, boolean failAfterEvent)
    {
        work.run(() -> {
            work.transaction(h -> {
                quotas.reserve(h, project, "widgets", 1);
                return null;
            });
            work.transaction(h -> h.createUpdate("INSERT INTO widgets (id, project_id) VALUES (:id, :project)").bind("id", id).bind("project", project).execute());
            events.publish(Event.of("widget.create", Optional.of(project), "widget", id, Map.of("id", id)));
            if (failAfterEvent) {
                throw new IllegalStateException("the change fails after its event");
            }
        });
    }

    private long count(String sql)
    {
        return database.jdbi().withHandle(h -> h.createQuery(sql).mapTo(Long.class).one());
    }

    @Test
    void reservationInsertAndEventCommitTogether()
    {
        createWidget("p1", "w1", false);
        assertThat(count("SELECT COUNT(*) FROM widgets")).isEqualTo(1);
        assertThat(count("SELECT COUNT(*) FROM events WHERE type = 'widget.create'")).isEqualTo(1);
        assertThat(count("SELECT in_use FROM quota_usages WHERE project_id = 'p1'")).isEqualTo(1);
    }

    @Test
    void aFailureRollsBackReservationInsertAndEvent()
    {
        assertThatThrownBy(() -> createWidget("p1", "w1", true)).isInstanceOf(IllegalStateException.class);
        assertThat(count("SELECT COUNT(*) FROM widgets")).isZero();
        assertThat(count("SELECT COUNT(*) FROM events")).isZero();
        assertThat(count("SELECT COALESCE(SUM(in_use), 0) FROM quota_usages")).isZero();
    }

    @Test
    void overQuotaLeavesNeitherRowNorEvent()
    {
        createWidget("p1", "w1", false);
        createWidget("p1", "w2", false);
        assertThatThrownBy(() -> createWidget("p1", "w3", false))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code()).isEqualTo(CoreErrorCode.PAYLOAD_TOO_LARGE));
        assertThat(count("SELECT COUNT(*) FROM widgets")).isEqualTo(2);
        assertThat(count("SELECT COUNT(*) FROM events")).isEqualTo(2);
    }

    @Test
    void publishingOutsideAUnitOfWorkIsABug()
    {
        assertThatThrownBy(() -> events.publish(Event.of("widget.create", Optional.empty(), "widget", "w", Map.of())))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aReadInsideTheUnitSeesItsOwnWrites()
    {
        long seen = work.inTransaction(() -> {
            work.transaction(h -> h.createUpdate("INSERT INTO widgets (id, project_id) VALUES ('w', 'p')").execute());
            return work.handle(h -> h.createQuery("SELECT COUNT(*) FROM widgets").mapTo(Long.class).one());
        });
        assertThat(seen).isEqualTo(1);
        assertThat(work.current()).isEmpty();
    }
}
