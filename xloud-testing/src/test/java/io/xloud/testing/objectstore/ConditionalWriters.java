package io.xloud.testing.objectstore;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntUnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;

/** Writers of one name released at once, for the tests of conditional writes. */
final class ConditionalWriters
{
    private ConditionalWriters() {}

    /**
     * Runs {@code writers} writers, each on its own thread and all released together; {@code write} makes writer
     * {@code i}'s request and gives its status. Checks that each got {@code success} or 412 and returns the writers
     * that succeeded, in order.
     */
    static List<Integer> winners(int writers, int success, IntUnaryOperator write)
            throws Exception
    {
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Integer>> statuses = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(writers)) {
            for (int i = 0; i < writers; i++) {
                int writer = i;
                statuses.add(pool.submit(() -> {
                    go.await();
                    return write.applyAsInt(writer);
                }));
            }
            go.countDown();
            List<Integer> winners = new ArrayList<>();
            for (int i = 0; i < writers; i++) {
                int status = statuses.get(i).get();
                assertThat(status).as("writer %d", i).isIn(success, 412);
                if (status == success) {
                    winners.add(i);
                }
            }
            return winners;
        }
    }
}
