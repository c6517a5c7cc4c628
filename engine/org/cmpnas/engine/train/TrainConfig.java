package org.cmpnas.engine.train;

import static org.cmpnas.engine.BadInputException.require;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import java.io.IOException;
import org.cmpnas.engine.FieldProblem;
import org.cmpnas.engine.compat.LossSpec;
import org.cmpnas.engine.data.Augmentation;
import org.cmpnas.engine.data.DataSpec;
import org.cmpnas.engine.data.DataSplits;
import org.cmpnas.engine.model.ArchSpec;
import org.cmpnas.engine.model.InputShape;
import org.cmpnas.engine.store.FlatConfigReader;
import org.cmpnas.engine.store.StoredConfig;

/**
 * Everything that determines a training run. Immutable and stored in the run record (flat, one field per
 * option), so a run can be repeated from its record alone.
 *
 * @param loss        compatibility losses need {@code gallery}, the run id of a frozen gallery model; the
 *                    {@code joint} loss trains {@code galleryArch} together with this model
 */
@JsonDeserialize(using = TrainConfig.Reader.class)
public record TrainConfig(String name, String arch, @JsonUnwrapped Schedule schedule, @JsonUnwrapped DataSpec data,
                          @JsonUnwrapped Augmentation augmentation, @JsonUnwrapped LossSpec loss, String gallery,
                          String galleryArch) implements StoredConfig {
    /** The type marker a run's config carries in run.json: the config of a training (or compatibility or joint training). */
    public static final String TYPE = "training";

    public static final String FASHION_MNIST = "fashion-mnist";

    @Override
    public String type() {
        return TYPE;
    }

    /** Every shape a training config was written in: the parts read their fields, the loss its two shapes. */
    static final class Reader extends FlatConfigReader<TrainConfig> {
        @Override
        protected TrainConfig read(Fields fields) throws IOException {
            return new TrainConfig(fields.text("name"), fields.text("arch"), fields.part(Schedule.class), fields.part(DataSpec.class),
                    fields.part(Augmentation.class), LossSpec.read(fields.node(), "independent"), fields.text("gallery"), fields.text("galleryArch"));
        }
    }

    /** Independent training of {@code arch} on every training image of {@code data}, with the protocol's schedule. */
    public static TrainConfig of(String arch, String data) {
        return new TrainConfig(arch, arch, Schedule.DEFAULT, DataSpec.all(data), Augmentation.DEFAULT,
                new LossSpec.Independent(), null, null);
    }

    /** The defaults of {@code cmpnas train --arch ARCH} on Fashion-MNIST. */
    public static TrainConfig defaults(String arch) {
        return of(arch, FASHION_MNIST);
    }

    public TrainConfig withName(String value) {
        return new TrainConfig(value, arch, schedule, data, augmentation, loss, gallery, galleryArch);
    }

    public TrainConfig withSchedule(Schedule value) {
        return new TrainConfig(name, arch, value, data, augmentation, loss, gallery, galleryArch);
    }

    public TrainConfig withData(DataSpec value) {
        return new TrainConfig(name, arch, schedule, value, augmentation, loss, gallery, galleryArch);
    }

    public TrainConfig withAugmentation(Augmentation value) {
        return new TrainConfig(name, arch, schedule, data, value, loss, gallery, galleryArch);
    }

    /** The same training with a compatibility loss against gallery run {@code galleryRun} (or independent, with none). */
    public TrainConfig withLoss(LossSpec value, String galleryRun) {
        return new TrainConfig(name, arch, schedule, data, augmentation, value, galleryRun, null);
    }

    /** The same training, jointly with a gallery model of architecture {@code gallerySpec}. */
    public TrainConfig joint(String gallerySpec) {
        return new TrainConfig(name, arch, schedule, data, augmentation, new LossSpec.Joint(), null, gallerySpec);
    }

    /** Checks every value and says which option is wrong; returns this for chaining. */
    public TrainConfig validated() {
        ArchSpec.parse(arch);
        schedule.validated("epochs", 1);
        data.validated("limit");
        require(data.named(), () -> FieldProblem.missing("data", "give fashion-mnist or an image folder"));
        require(!loss.needsGallery() || (gallery != null && !gallery.isBlank()),
                "--loss " + loss.text() + " needs --gallery RUN: the frozen gallery model to be compatible with");
        if (loss instanceof LossSpec.Joint) {
            require(galleryArch != null && !galleryArch.isBlank(),
                    () -> FieldProblem.of("loss", "joint needs --gallery-arch SPEC: the gallery model to train together with"));
            ArchSpec.parse(galleryArch);
        } else {
            require(galleryArch == null, () -> FieldProblem.of("gallery-arch", "is only used by --loss joint"));
        }
        require(loss.needsGallery() || gallery == null || gallery.isBlank(), () -> FieldProblem.of("gallery",
                "is only used by the compatibility losses (" + String.join(", ", LossSpec.COMPATIBILITY) + "), not by --loss " + loss.text()));
        return this;
    }

    public ArchSpec archSpec() {
        return ArchSpec.parse(arch);
    }

    /** The architecture for the data's images (an {@code arch} that names no input follows them). */
    public ArchSpec archSpec(DataSplits splits) {
        return archSpec().forImages(InputShape.of(splits));
    }

    /** The joint loss's gallery architecture for the data's images. */
    public ArchSpec galleryArchSpec(DataSplits splits) {
        return ArchSpec.parse(galleryArch).forImages(InputShape.of(splits));
    }
}
