package org.cmpnas.views.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.cmpnas.engine.compat.LossSpec;
import org.cmpnas.engine.train.TrainConfig;
import org.junit.jupiter.api.Test;

/** The training form with a compatibility loss: gallery, λ, temperature, joint's gallery architecture. */
class CompatTrainFormTest {
    private final RunOption paragon = new RunOption("20260101-000000-aaaa", "paragon", "80.52M MACs");
    private final ObservableList<RunOption> galleries = FXCollections.observableArrayList(paragon);
    private final TrainFormViewModel form = new TrainFormViewModel(galleries);

    @Test
    void aCompatibilityLossNeedsAGalleryAndSaysSoNextToTheField() {
        assertThat(form.needsGalleryProperty().get()).isFalse();
        assertThat(form.galleryErrorProperty().get()).isNull();
        form.lossProperty().set("bct");
        assertThat(form.needsGalleryProperty().get()).isTrue();
        assertThat(form.galleryErrorProperty().get()).isEqualTo("choose the gallery model to be compatible with");
        assertThat(form.isValid()).isFalse();

        form.galleryProperty().set(paragon);
        assertThat(form.isValid()).isTrue();
        TrainConfig c = form.config();
        assertThat(c.loss().text()).isEqualTo("bct");
        assertThat(c.gallery()).isEqualTo(paragon.id());
        assertThat(c.loss().lambda()).isEqualTo(1.0);
        assertThat(c.name()).isEqualTo("resnet-q bct");
    }

    @Test
    void anEmptyStoreSaysWhereAGalleryComesFrom() {
        galleries.clear();
        form.lossProperty().set("l2");
        assertThat(form.galleryErrorProperty().get()).startsWith("no finished model in this store yet");
    }

    @Test
    void lambdaAndTemperatureAreCheckedOnlyWhenTheLossUsesThem() {
        form.galleryProperty().set(paragon);
        form.lambdaProperty().set("lots");
        form.temperatureProperty().set("0");
        assertThat(form.lambdaErrorProperty().get()).isNull(); // independent: no gallery term
        assertThat(form.isValid()).isTrue();

        form.lossProperty().set("l2");
        assertThat(form.lambdaErrorProperty().get()).isEqualTo("not a number, e.g. 1");
        assertThat(form.temperatureErrorProperty().get()).isNull();
        form.lambdaProperty().set("500");
        assertThat(form.lambdaErrorProperty().get()).isEqualTo("must be between 0 and 100");

        form.lossProperty().set("contrastive");
        form.lambdaProperty().set("0.5");
        assertThat(form.usesTemperatureProperty().get()).isTrue();
        assertThat(form.temperatureErrorProperty().get()).isEqualTo("must be in (0, 10]"); // the engine's rule, not silently the default
        assertThat(form.isValid()).isFalse();
        form.temperatureProperty().set("20");
        assertThat(form.temperatureErrorProperty().get()).isEqualTo("must be in (0, 10]");
        form.temperatureProperty().set("0.07");
        assertThat(form.config()).satisfies(c -> {
            assertThat(c.loss().lambda()).isEqualTo(0.5);
            assertThat(c.loss().temperature()).isEqualTo(0.07);
        });
    }

    @Test
    void jointTrainsAGalleryArchitectureAlongside() {
        form.lossProperty().set("joint");
        assertThat(form.needsGalleryProperty().get()).isFalse();
        assertThat(form.jointProperty().get()).isTrue();
        assertThat(form.galleryArchSummaryProperty().get()).endsWith("params");
        form.galleryArchProperty().set("resnet-z");
        assertThat(form.galleryArchErrorProperty().get()).contains("unknown architecture");
        assertThat(form.isValid()).isFalse();
        form.galleryArchProperty().set("resnet-g");
        assertThat(form.config().galleryArch()).isEqualTo("resnet-g");
        assertThat(form.config().gallery()).isNull();
    }

    @Test
    void repeatingACompatibilityRunRestoresLossAndGallery() {
        TrainConfig run = TrainConfig.defaults("resnet-q").withLoss(LossSpec.of("contrastive", 0.3, 0.2), paragon.id());
        form.fill(run);
        assertThat(form.galleryProperty().get()).isEqualTo(paragon);
        assertThat(form.config()).isEqualTo(run);
    }

    @Test
    void aRepeatedRunWhoseGalleryIsGoneCannotStart() {
        form.fill(TrainConfig.defaults("resnet-q").withLoss(LossSpec.of("bct", 1, 0.1), "20200101-000000-dead"));
        assertThat(form.galleryErrorProperty().get()).isEqualTo("run 20200101-000000-dead is not a finished model in this store");
        assertThat(form.isValid()).isFalse();
    }
}
