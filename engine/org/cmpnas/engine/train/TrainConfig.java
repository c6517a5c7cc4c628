package org.cmpnas.engine.train;

import static org.cmpnas.engine.BadInputException.require;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import java.io.IOException;
import org.cmpnas.engine.FieldProblem;
import org.cmpnas.engine.compat.LossSpec;
import org.cmpnas.engine.data.DataSplits;
import org.cmpnas.engine.data.ImageOptions;
import org.cmpnas.engine.data.Subset;
import org.cmpnas.engine.model.ArchSpec;
import org.cmpnas.engine.model.InputShape;

/**
 * Everything that determines a training run. Immutable and stored in the run record, so a run can be
 * repeated from its record alone.
 *
 * @param data      "fashion-mnist" or the path of an image folder
 * @param limit     use only {@code limit} training images (0: all), chosen by {@code subset} with {@code seed}
 * @param padCrop   random crop from the image padded by this many pixels (0: off)
 * @param loss      a {@link LossSpec} name; compatibility losses need {@code gallery}, the run id of a
 *                  frozen gallery model; {@code lambda} weighs the compatibility term, {@code temperature}
 *                  scales the contrastive logits; {@code galleryArch} is the gallery model trained
 *                  together with this one by the {@code joint} loss
 * @param subset    how {@code limit} picks its images; configs recorded before balanced subsets have none
 *                  and read as {@link Subset#first}
 * @param images    how an image folder is read (size, colour); configs recorded before colour and image size
 *                  have none and read folders as then (28 px, grey)
 */
public record TrainConfig(String name, String arch, String data, int epochs, int batch, double lr,
                          double momentum, double weightDecay, long seed, int limit, boolean flip, int padCrop,
                          @JsonDeserialize(using = LossName.class) String loss, String gallery, double lambda, double temperature,
                          String galleryArch,
                          Subset subset, ImageOptions images) {
    /** The type marker a run's config carries in run.json: the config of a training (or compatibility or joint training). */
    public static final String TYPE = "training";

    /** Written into run.json beside the fields, so a reader knows the config's type without guessing; ignored when read. */
    @JsonProperty("type")
    public String type() {
        return TYPE;
    }

    public static final String FASHION_MNIST = "fashion-mnist";

    /** The loss's name, as configs write it today, also from the first stores' object {@code {"type": "independent"}}. */
    static final class LossName extends JsonDeserializer<String> {
        @Override
        public String deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            JsonNode loss = context.readTree(parser);
            return loss.isObject() ? loss.path("type").asText(null) : loss.asText();
        }
    }

    /** Configs written before compatibility training read as independent training, with the default λ. */
    public TrainConfig {
        if (loss == null || loss.isBlank()) {
            loss = "independent";
            lambda = lambda == 0 ? LossSpec.DEFAULT_LAMBDA : lambda;
        }
        loss = loss.trim();
        temperature = temperature == 0 ? LossSpec.DEFAULT_TEMPERATURE : temperature;
        subset = Subset.orFirst(subset, limit);
        // IDX data reads the same whatever the record says: an older config of it is one of today's
        images = images == null && data != null && !data.isBlank() && ImageOptions.isIdx(data) ? ImageOptions.defaultFor(data) : images;
    }

    /** Independent training. */
    public TrainConfig(String name, String arch, String data, int epochs, int batch, double lr, double momentum,
                       double weightDecay, long seed, int limit, boolean flip, int padCrop) {
        this(name, arch, data, epochs, batch, lr, momentum, weightDecay, seed, limit, flip, padCrop,
                "independent", null, LossSpec.DEFAULT_LAMBDA, LossSpec.DEFAULT_TEMPERATURE, null, Subset.balanced,
                ImageOptions.defaultFor(data));
    }

    /** The same training with another loss against a gallery run. */
    public TrainConfig withLoss(String lossName, String galleryRun, double weight, double temp) {
        return new TrainConfig(name, arch, data, epochs, batch, lr, momentum, weightDecay, seed, limit, flip, padCrop,
                lossName, galleryRun, weight, temp, null, subset, images);
    }

    /** The same training, jointly with a gallery model of architecture {@code gallerySpec}. */
    public TrainConfig joint(String gallerySpec) {
        return new TrainConfig(name, arch, data, epochs, batch, lr, momentum, weightDecay, seed, limit, flip, padCrop,
                "joint", null, lambda, temperature, gallerySpec, subset, images);
    }

    public LossSpec lossSpec() {
        return LossSpec.of(loss, lambda, temperature);
    }

    public static TrainConfig defaults(String arch) {
        return new TrainConfig(arch, arch, FASHION_MNIST, 8, 64, 0.05, 0.9, 5e-4, 1, 0, true, 0);
    }

    /** Checks every value and says which option is wrong; returns this for chaining. */
    public TrainConfig validated() {
        ArchSpec.parse(arch);
        TrainingChecks.epochs("epochs", epochs, 1);
        TrainingChecks.batch(batch);
        TrainingChecks.lr(lr);
        TrainingChecks.optimiser(momentum, weightDecay);
        require(limit >= 0, () -> FieldProblem.of("limit", "must not be negative", limit));
        TrainingChecks.padCrop(padCrop);
        require(data != null && !data.isBlank(), () -> FieldProblem.missing("data", "give fashion-mnist or an image folder"));
        LossSpec spec = lossSpec();
        require(!spec.needsGallery() || (gallery != null && !gallery.isBlank()),
                "--loss " + loss + " needs --gallery RUN: the frozen gallery model to be compatible with");
        if (spec instanceof LossSpec.Joint) {
            require(galleryArch != null && !galleryArch.isBlank(),
                    () -> FieldProblem.of("loss", "joint needs --gallery-arch SPEC: the gallery model to train together with"));
            ArchSpec.parse(galleryArch);
        } else {
            require(galleryArch == null, () -> FieldProblem.of("gallery-arch", "is only used by --loss joint"));
        }
        require(spec.needsGallery() || gallery == null || gallery.isBlank(), () -> FieldProblem.of("gallery",
                "is only used by the compatibility losses (" + String.join(", ", LossSpec.COMPATIBILITY) + "), not by --loss " + loss));
        return this;
    }

    public ArchSpec archSpec() {
        return ArchSpec.parse(arch);
    }

    /** The architecture for the data's images (an {@code arch} that names no input follows them). */
    public ArchSpec archSpec(DataSplits data) {
        return archSpec().forImages(InputShape.of(data));
    }

    /** The joint loss's gallery architecture for the data's images. */
    public ArchSpec galleryArchSpec(DataSplits data) {
        return ArchSpec.parse(galleryArch).forImages(InputShape.of(data));
    }
}
