package org.cmpnas.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import org.cmpnas.engine.data.DataSpec;
import org.cmpnas.engine.eval.EvaluationJob;
import org.cmpnas.engine.jobs.CancellationToken;
import org.cmpnas.engine.jobs.JobListener;
import org.cmpnas.engine.pareto.ParetoData;
import org.cmpnas.engine.pareto.PointKind;
import org.cmpnas.engine.pareto.RetrievalMetric;
import org.cmpnas.engine.store.Evaluation;
import org.cmpnas.engine.store.RunRecord;
import org.cmpnas.engine.store.RunStore;
import org.cmpnas.engine.train.Schedule;
import org.cmpnas.engine.train.TrainConfig;
import org.cmpnas.engine.train.TrainingJob;
import org.cmpnas.views.common.GalleryModel;
import org.cmpnas.views.common.SameThreadJobRunner;
import org.cmpnas.views.jobs.JobKind;
import org.cmpnas.views.jobs.JobState;
import org.cmpnas.views.jobs.JobViewModel;
import org.cmpnas.views.jobs.JobsViewModel;
import org.cmpnas.views.jobs.RunChoices;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A model trained in the window is evaluated by the real evaluation job when it finishes, and so reaches the Pareto chart. */
class EvaluationAfterTrainingTest {

    @TempDir
    Path tmp;

    @Test
    void aModelTrainedInTheWindowIsEvaluatedAgainstTheChosenGalleryAndReachesTheParetoChart() {
        RunStore store = new RunStore(tmp);
        TrainConfig tiny = TrainConfig.of("resnet-q", TrainConfig.FASHION_MNIST).withName("gallery").withSchedule(new Schedule(1, 64, 0.05, 0.9, 5e-4, 1)).withData(DataSpec.all(TrainConfig.FASHION_MNIST).withLimit(256));
        RunRecord gallery = store.load(new TrainingJob(store, JobListener.NONE, new CancellationToken()).start(tiny));
        SimpleObjectProperty<GalleryModel> chosen = new SimpleObjectProperty<>(new GalleryModel(gallery.id(), gallery.name(), gallery.arch(), gallery.macs()));
        RunChoices choices = new RunChoices(FXCollections.observableArrayList(), chosen, r -> List.of(), r -> java.util.Optional.empty());
        JobsViewModel jobs = new JobsViewModel(new SameThreadJobRunner(), new EngineJobs(() -> store, TrainingJob::of), choices,
                System::nanoTime, () -> { });
        jobs.form().limitProperty().set("256");
        jobs.form().epochsProperty().set("1");
        jobs.form().nameProperty().set("small");
        JobViewModel training = jobs.start();

        assertThat(training.state()).isEqualTo(JobState.FINISHED);
        String model = training.runIdProperty().get();
        JobViewModel evaluation = jobs.jobs().get(0);
        assertThat(evaluation.kind()).isEqualTo(JobKind.EVALUATION);
        assertThat(evaluation.state()).as(String.join("\n", evaluation.log())).isEqualTo(JobState.FINISHED);
        assertThat(jobs.selectedProperty().get()).as("the training stays selected").isSameAs(training);
        assertThat(store.evaluations(model)).extracting(Evaluation::gallery).containsExactlyInAnyOrder(model, gallery.id());

        ParetoData chart = ParetoData.assemble(gallery, store.list().stream().flatMap(l -> l.record().stream()).toList(),
                store::evaluations, RetrievalMetric.MAP);
        assertThat(chart.points()).anySatisfy(p -> {
            assertThat(p.queryId()).isEqualTo(model);
            assertThat(p.kind()).isNotEqualTo(PointKind.HOMOGENEOUS);
        });
        assertThat(EvaluationJob.galleriesFor(store.load(model), gallery.id())).containsExactly(gallery.id());

        // the Evaluate action of the Models view queues the same job on demand and shows it
        JobViewModel again = jobs.evaluate(model, "small");
        assertThat(again.kind()).isEqualTo(JobKind.EVALUATION);
        assertThat(again.state()).isEqualTo(JobState.FINISHED);
        assertThat(jobs.selectedProperty().get()).isSameAs(again);
        assertThat(again.log()).anySatisfy(line -> assertThat(line).startsWith("M(Q, G) against gallery: top-1"));
        assertThat(jobs.evaluate(gallery.id() + "-none", "missing")).isNull();
    }
}
