package org.cmpnas.views.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import org.cmpnas.engine.compat.LossSpec;
import org.cmpnas.engine.data.Augmentation;
import org.cmpnas.engine.data.DataSpec;
import org.cmpnas.engine.train.Schedule;
import org.cmpnas.engine.train.TrainConfig;
import org.junit.jupiter.api.Test;

class TrainFormViewModelTest {
    private final TrainFormViewModel form = new TrainFormViewModel();

    @Test
    void defaultsAreFilledInAndValid() {
        TrainConfig d = TrainConfig.defaults("resnet-q");
        assertThat(form.archProperty().get()).isEqualTo("resnet-q");
        assertThat(form.epochsProperty().get()).isEqualTo(Integer.toString(d.schedule().epochs()));
        assertThat(form.lrProperty().get()).isEqualTo("0.05");
        assertThat(form.isValid()).isTrue();
        assertThat(form.archSummaryProperty().get()).isEqualTo("2.37M MACs · 23.7K params");
        assertThat(form.config()).isEqualTo(d);
    }

    @Test
    void unknownArchitectureIsExplainedAndDisablesStart() {
        form.archProperty().set("resnet-x");
        assertThat(form.archErrorProperty().get()).contains("unknown architecture 'resnet-x'");
        assertThat(form.archSummaryProperty().get()).isNull();
        assertThat(form.isValid()).isFalse();
        form.archProperty().set("resnet-g");
        assertThat(form.archErrorProperty().get()).isNull();
        assertThat(form.isValid()).isTrue();
    }

    @Test
    void subnetTextIsCheckedAndPriced() {
        form.archProperty().set("d1-1-1_w8-16-32_k3-3-3_e1-1-1");
        assertThat(form.archErrorProperty().get()).isNull();
        assertThat(form.archSummaryProperty().get()).endsWith("params");
        form.archProperty().set("d1-1-1_w8-16-32_k3-3_e1-1-1");
        assertThat(form.archErrorProperty().get()).contains("needs 3 kernels");
        assertThat(form.isValid()).isFalse();
    }

    @Test
    void nonNumbersAreSaidNextToTheirField() {
        form.epochsProperty().set("eight");
        form.lrProperty().set("0,05");
        assertThat(form.epochsErrorProperty().get()).isEqualTo("not a whole number, e.g. 8");
        assertThat(form.lrErrorProperty().get()).isEqualTo("not a number, e.g. 0.05");
        assertThat(form.batchErrorProperty().get()).isNull();
        assertThat(form.isValid()).isFalse();
        form.epochsProperty().set(" 2 ");
        form.lrProperty().set("0.1");
        assertThat(form.isValid()).isTrue();
        assertThat(form.config().schedule().epochs()).isEqualTo(2);
    }

    @Test
    void rangesComeFromTheEngineWithoutTheOptionName() {
        form.epochsProperty().set("0");
        form.batchProperty().set("1");
        form.limitProperty().set("-5");
        form.seedProperty().set("");
        assertThat(form.epochsErrorProperty().get()).isEqualTo("must be between 1 and 10000");
        assertThat(form.batchErrorProperty().get()).isEqualTo("must be between 2 and 4096");
        assertThat(form.limitErrorProperty().get()).isEqualTo("must not be negative (0 uses every training image)");
        assertThat(form.seedErrorProperty().get()).isEqualTo("required, e.g. 1");
        assertThat(form.isValid()).isFalse();
    }

    @Test
    void blankNameMeansTheArchitecture() {
        form.archProperty().set("resnet-g");
        form.nameProperty().set("  ");
        assertThat(form.config().name()).isEqualTo("resnet-g");
        form.nameProperty().set("big one");
        assertThat(form.config().name()).isEqualTo("big one");
    }

    @Test
    void repeatingARunKeepsTheSettingsTheFormDoesNotShow() {
        TrainConfig run = TrainConfig.of("resnet-g", "/data/faces").withName("mine").withSchedule(new Schedule(12, 128, 0.1, 0.8, 1e-4, 42)).withData(DataSpec.all("/data/faces").withLimit(500)).withAugmentation(new Augmentation(false, 2));
        form.fill(run);
        assertThat(form.nameProperty().get()).isEqualTo("mine");
        assertThat(form.dataText()).isEqualTo("/data/faces");
        assertThat(form.config()).isEqualTo(run);
    }

    @Test
    void aRepeatedConfigWithABadHiddenSettingCannotStart() {
        TrainConfig broken = TrainConfig.of("resnet-q", "fashion-mnist").withName("x").withSchedule(new Schedule(8, 64, 0.05, 1.5, 5e-4, 1));
        form.fill(broken);
        assertThat(form.formErrorProperty().get()).contains("momentum");
        assertThat(form.isValid()).isFalse();
    }

    @Test
    void theImageSizeIsOfferedAndCheckedAgainstTheData() {
        assertThat(form.imageSizeProperty().get()).isEqualTo("28");
        form.imageSizeProperty().set("64");
        assertThat(form.imageSizeErrorProperty().get()).contains("28x28 grey IDX images");
        assertThat(form.isValid()).isFalse();
        form.fill(TrainConfig.of("resnet-q", "/data/photos").withName("mine").withSchedule(new Schedule(8, 64, 0.05, 0.9, 5e-4, 1)));
        assertThat(form.imageSizeProperty().get()).as("an image folder's default").isEqualTo("64");
        form.imageSizeProperty().set("128");
        assertThat(form.imageSizeErrorProperty().get()).isNull();
        assertThat(form.config().data().images()).isEqualTo(new org.cmpnas.engine.data.ImageOptions(128, false));
        form.imageSizeProperty().set("100000");
        assertThat(form.imageSizeErrorProperty().get()).contains("between 8 and 512");
    }

    @Test
    void aRunRecordedBeforeImageSizesRepeatsAsItWasRead() {
        TrainConfig old = new TrainConfig("old", "resnet-q", new Schedule(8, 64, 0.05, 0.9, 5e-4, 1), new DataSpec("/data/photos", 500, null, null),
                Augmentation.DEFAULT, new LossSpec.Independent(), null, null);
        form.fill(old);
        assertThat(form.imageSizeProperty().get()).isEmpty();
        assertThat(form.config().data().images()).isNull();
        assertThat(form.config().data().subset()).isEqualTo(org.cmpnas.engine.data.Subset.first);
    }

    @Test
    void aNameAnotherRunHasIsAWarningNeverARefusal() {
        form.warnOfNamesTaken(n -> n.equals("resnet-q"));
        assertThat(form.nameWarningProperty().get()).contains("another run is called “resnet-q” already");
        assertThat(form.isValid()).isTrue();
        form.nameProperty().set("fresh");
        assertThat(form.nameWarningProperty().get()).isNull();
    }
}
