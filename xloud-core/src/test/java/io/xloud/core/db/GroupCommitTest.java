package io.xloud.core.db;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Concurrent committers share syncs, and none returns before a sync that started after its write ended. */
class GroupCommitTest
{
    private final GroupCommit group = new GroupCommit();
    private final AtomicLong written = new AtomicLong();
    private final AtomicLong durable = new AtomicLong();

    /** A sync that makes durable what was written before it started, and takes a while. */
    private void sync()
    {
        long before = written.get();
        try {
            Thread.sleep(2);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        durable.accumulateAndGet(before, Math::max);
    }

    @Test
    void everyCommitterReturnsAfterASyncThatCoversItsWrite()
            throws Exception
    {
        int threads = 32;
        int commits = 20;
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Boolean>> results = new ArrayList<>();
        try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int t = 0; t < threads; t++) {
                results.add(executor.submit(() -> {
                    start.await();
                    boolean covered = true;
                    for (int i = 0; i < commits; i++) {
                        long mine = written.incrementAndGet();
                        group.awaitSync(this::sync);
                        covered &= durable.get() >= mine;
                    }
                    return covered;
                }));
            }
            start.countDown();
            for (Future<Boolean> result : results) {
                assertThat(result.get()).isTrue();
            }
        }
        assertThat(group.waits()).isEqualTo(threads * commits);
        assertThat(group.syncs()).isLessThan(threads * commits / 4);
    }

    @Test
    void aLoneCommitterRunsItsOwnSyncEachTime()
    {
        AtomicInteger runs = new AtomicInteger();
        for (int i = 0; i < 5; i++) {
            group.awaitSync(runs::incrementAndGet);
        }
        assertThat(runs).hasValue(5);
        assertThat(group.syncs()).isEqualTo(5);
    }

    @Test
    void aFailedSyncReachesItsCallerAndTheNextCallSyncsAgain()
            throws IOException
    {
        assertThatThrownBy(() -> group.awaitSync(() -> {
            throw new IOException("disk gone");
        })).isInstanceOf(IOException.class).hasMessage("disk gone");
        AtomicInteger runs = new AtomicInteger();
        group.awaitSync(runs::incrementAndGet);
        assertThat(runs).hasValue(1);
    }
}
