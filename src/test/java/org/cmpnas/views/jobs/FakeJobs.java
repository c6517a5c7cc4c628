package org.cmpnas.views.jobs;

import java.util.ArrayList;
import java.util.List;
import org.cmpnas.engine.BadInputException;
import org.cmpnas.engine.jobs.CancellationToken;
import org.cmpnas.engine.jobs.Job;
import org.cmpnas.engine.jobs.JobListener;
import org.cmpnas.engine.model.GalleryImport;
import org.cmpnas.engine.nas.ExportConfig;
import org.cmpnas.engine.nas.SearchRunConfig;
import org.cmpnas.engine.nas.SupernetConfig;
import org.cmpnas.engine.train.TrainConfig;
import org.cmpnas.views.common.JobControl;
import org.cmpnas.views.common.JobObserver;
import org.cmpnas.views.common.JobOutcomes;
import org.cmpnas.views.common.JobRunner;
import org.cmpnas.engine.catalogue.RunConfig;

/** Jobs and a runner under the test's control. */
final class FakeJobs {
    private FakeJobs() {
    }

    /** Two epochs of 100 steps, a step loss every 20 steps, epoch summaries, a log line per epoch. */
    static Job training(String name) {
        return new Job() {
            @Override
            public String title() {
                return "train " + name;
            }

            @Override
            public String run(JobListener listener, CancellationToken token) {
                for (int step = 1; step <= 200; step++) {
                    token.check();
                    int epoch = (step - 1) / 100 + 1;
                    listener.progress(step, 200, "epoch " + epoch + "/2");
                    if (step % 20 == 0) {
                        listener.metric("train.step_loss", 2.0 - step / 200.0, step, epoch);
                    }
                    if (step % 100 == 0) {
                        listener.metric("train.loss", 1.5 - epoch * 0.3, step, epoch);
                        listener.metric("val.top1", 60 + epoch * 5, step, epoch);
                        listener.metric("epoch", epoch, step, epoch);
                        listener.log("epoch " + epoch + "/2 done");
                    }
                }
                return "run-" + name;
            }
        };
    }

    static Job failing(String message) {
        return new Job() {
            @Override
            public String title() {
                return "train broken";
            }

            @Override
            public String run(JobListener listener, CancellationToken token) {
                throw new BadInputException(message);
            }
        };
    }

    /** Cancels itself on its first step, as if the user had pressed Cancel then. */
    static Job cancelledWhileRunning() {
        return new Job() {
            @Override
            public String title() {
                return "train cancelled";
            }

            @Override
            public String run(JobListener listener, CancellationToken token) {
                listener.progress(1, 100, "epoch 1/1");
                token.cancel();
                token.check();
                return "never";
            }
        };
    }

    /** Records every config it is asked for and hands out the job the test chose for it. */
    static final class Factory implements JobFactory {
        final List<Object> configs = new ArrayList<>();
        private final java.util.function.Function<Object, Job> jobs;

        Factory(java.util.function.Function<Object, Job> jobs) {
            this.jobs = jobs;
        }

        private Job make(Object config) {
            configs.add(config);
            return jobs.apply(config);
        }

        @Override
        public Job training(TrainConfig config) {
            return make(config);
        }

        @Override
        public Job supernet(SupernetConfig config) {
            return make(config);
        }

        @Override
        public Job search(SearchRunConfig config) {
            return make(config);
        }

        @Override
        public Job export(ExportConfig config) {
            return make(config);
        }

        @Override
        public Job importGallery(GalleryImport.Request request) {
            return make(request);
        }

        @Override
        public Job resume(String runId, RunConfig config) {
            return make(config);
        }
    }

    /** Holds submitted jobs; the test plays the engine by calling their observers. */
    static final class ManualRunner implements JobRunner {
        final List<JobObserver> observers = new ArrayList<>();
        final List<Job> jobs = new ArrayList<>();
        int cancels;

        @Override
        public JobControl submit(Job job, JobObserver observer) {
            jobs.add(job);
            observers.add(observer);
            return () -> {
                cancels++;
                observer.cancelled(JobOutcomes.CANCELLED_BEFORE_START);
            };
        }
    }
}
