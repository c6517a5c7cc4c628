package org.cmpnas.app.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.cmpnas.engine.data.DataSpec;
import org.cmpnas.engine.data.DataSplits;
import org.cmpnas.engine.data.Datasets;
import org.cmpnas.engine.jobs.CancellationToken;
import org.cmpnas.engine.jobs.JobListener;
import org.cmpnas.engine.store.RunStatus;
import org.cmpnas.engine.store.RunStore;
import org.cmpnas.engine.train.Schedule;
import org.cmpnas.engine.train.TrainConfig;
import org.cmpnas.engine.train.TrainingJob;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A long session: 20 short training jobs one after the other in this JVM, every other one cancelled
 * mid-epoch. Resident memory (native memory included) stays flat from job 2 to job 20, no thread is
 * left behind, and every cancel takes effect before the next batch.
 *
 * <p>The session runs in a child JVM whose Java heap is fixed and touched up front
 * ({@code -Xms=-Xmx, -XX:+AlwaysPreTouch}), so that resident memory grows only with what the jobs
 * allocate outside the heap (PyTorch's native arrays, threads), not with the heap's own sizing.
 */
class LongSessionTest {
    private static final int JOBS = 20;
    private static final int IMAGES = 256;
    private static final int BATCH = 32;
    private static final DataSplits DATA = Datasets.load(TrainConfig.FASHION_MNIST).limit(IMAGES, 300, 60, 240);

    @TempDir
    Path dir;

    @Test
    void twentyJobsKeepMemoryFlatLeaveNoThreadsAndCancelWithinOneBatch() throws Exception {
        assumeTrue(Files.exists(Path.of("/proc/self/status")), "reads resident memory from /proc (Linux)");
        ChildCli child = ChildCli.startMain(LongSessionTest.class.getName(), dir.resolve("logs"), List.of(dir.resolve("store").toString()),
                "-Xms768m", "-Xmx768m", "-XX:+AlwaysPreTouch");
        assertThat(child.waitFor(900)).as(child.err()).isZero();
        List<Long> rss = numbers(child.out(), "rss");
        List<Long> threads = numbers(child.out(), "threads");
        assertThat(rss).hasSize(JOBS);
        long second = rss.get(1);
        long last = rss.get(JOBS - 1);
        double growth = 100.0 * (last - second) / second;
        System.out.printf("long session: %d jobs, resident memory after job 2 %d KB, after job %d %d KB (%+.1f %%); after each job %s KB; threads %s%n",
                JOBS, second, JOBS, last, growth, rss, threads);
        assertThat(growth).as("resident memory growth from job 2 to job %d, in %%: %s", JOBS, rss).isLessThan(10.0);
        // The JVM may start a JIT compiler thread or two as code gets hot; a job's own threads would add up over 18 jobs.
        assertThat(threads.get(JOBS - 1)).as("threads after each job: %s", threads).isLessThanOrEqualTo(threads.get(1) + 2);
    }

    /** The session itself, in the child JVM: prints "rss N" and "threads N" after each job. */
    public static void main(String[] args) throws Exception {
        RunStore store = new RunStore(Path.of(args[0]));
        for (int job = 1; job <= JOBS; job++) {
            TrainConfig config = TrainConfig.of("resnet-q", TrainConfig.FASHION_MNIST).withName("session " + job).withSchedule(new Schedule(2, BATCH, 0.05, 0.9, 5e-4, job)).withData(DataSpec.all(TrainConfig.FASHION_MNIST).withLimit(IMAGES));
            if (job % 2 == 0) {
                CancellationToken token = new CancellationToken();
                long[] last = {0};
                int cancelAt = 3 + job % 5;
                JobListener cancelling = new JobListener() {
                    @Override
                    public void progress(long done, long total, String status) {
                        last[0] = done;
                        if (done == cancelAt) {
                            token.cancel();
                        }
                    }
                };
                assertThatThrownBy(() -> new TrainingJob(store, cancelling, token).start(config, DATA))
                        .isInstanceOf(CancellationToken.CancelledException.class);
                assertThat(last[0]).as("job %d: no batch after the cancel", job).isEqualTo(cancelAt);
            } else {
                String id = new TrainingJob(store, JobListener.NONE, new CancellationToken()).start(config, DATA);
                assertThat(store.load(id).status()).isEqualTo(RunStatus.finished);
            }
            System.gc();
            System.out.println("rss " + residentKb());
            System.out.println("threads " + osThreads());
        }
        System.exit(0);
    }

    private static List<Long> numbers(String out, String key) {
        return out.lines().filter(l -> l.startsWith(key + " ")).map(l -> Long.parseLong(l.substring(key.length() + 1).strip())).toList();
    }

    private static long residentKb() throws IOException {
        return statusField("VmRSS:");
    }

    private static long osThreads() throws IOException {
        return statusField("Threads:");
    }

    private static long statusField(String field) throws IOException {
        return Files.readAllLines(Path.of("/proc/self/status")).stream().filter(l -> l.startsWith(field))
                .map(l -> l.replaceAll("[^0-9]", "")).mapToLong(Long::parseLong).findFirst().orElseThrow();
    }
}
