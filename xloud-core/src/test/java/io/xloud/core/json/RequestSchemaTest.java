package io.xloud.core.json;

import io.xloud.core.error.ApiException;
import org.junit.jupiter.api.Test;

import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A handler's body schema: a body that breaks it is a 400 naming the field, however many requests check it at once. */
class RequestSchemaTest
{
    private static final String USER = """
            {"type": "object", "required": ["user"], "properties": {"user": {"type": "object",
              "properties": {"name": {"type": "string", "minLength": 1, "maxLength": 255}}, "required": ["name"]}}}
            """;

    @Test
    void aBodyThatKeepsTheSchemaPassesAndOneThatBreaksItIsA400NamingTheField()
    {
        RequestSchema schema = JsonSchemas.of(USER);
        JsonSchemas.validate(schema, Json.parse("{\"user\": {\"name\": \"alice\"}}"));
        assertThatThrownBy(() -> JsonSchemas.validate(schema, Json.parse("{\"user\": {\"name\": 7}}")))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.getMessage()).contains("$.user.name");
                });
        assertThat(schema.validate(Json.parse("{\"user\": {}}"))).hasSize(1);
    }

    @Test
    void aSchemaThatIsNotJsonFailsWhenItIsDeclaredNotAtARequest()
    {
        assertThatThrownBy(() -> JsonSchemas.of("{\"type\": \"object\""))
                .isInstanceOf(UncheckedIOException.class);
    }

    @Test
    void requestsCheckingANewSchemaAtOnceAllGetItsAnswer()
            throws Exception
    {
        RequestSchema schema = JsonSchemas.of(USER);
        int threads = 16;
        CountDownLatch start = new CountDownLatch(1);
        try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
            List<Future<Integer>> problems = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                String body = i % 2 == 0 ? "{\"user\": {\"name\": \"n" + i + "\"}}" : "{\"user\": {\"name\": \"\"}}";
                problems.add(pool.submit(() -> {
                    start.await();
                    return schema.validate(Json.parse(body)).size();
                }));
            }
            start.countDown();
            for (int i = 0; i < threads; i++) {
                assertThat(problems.get(i).get()).isEqualTo(i % 2 == 0 ? 0 : 1);
            }
        }
    }
}
