package org.cmpnas.engine.compat;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.cmpnas.engine.BadInputException;
import org.cmpnas.engine.FieldProblem;

/**
 * How a model is trained: its own classification loss, plus, for compatibility training, a term that
 * ties its embeddings to a frozen gallery model's. One sealed type instead of a pile of flags.
 */
public sealed interface LossSpec {

    /** The compatibility losses: trained against a frozen gallery model. */
    List<String> COMPATIBILITY = List.of("bct", "l2", "bct+l2", "contrastive");
    /** Every loss, by its name on the command line and in configs. */
    List<String> NAMES = List.of("independent", "bct", "l2", "bct+l2", "contrastive", "joint");
    double DEFAULT_LAMBDA = 1.0;
    double DEFAULT_TEMPERATURE = 0.1;

    /** The name used on the command line and in configs. */
    @JsonProperty("loss")
    String text();

    /** The weight of the compatibility term (the default where the loss has none, as configs record it). */
    @JsonProperty("lambda")
    default double lambda() {
        return DEFAULT_LAMBDA;
    }

    /** The temperature of the contrastive logits (the default where the loss has none). */
    @JsonProperty("temperature")
    default double temperature() {
        return DEFAULT_TEMPERATURE;
    }

    /** Whether the loss needs a gallery model. */
    default boolean needsGallery() {
        return true;
    }

    /** Whether it needs the gallery model's classifier (the BCT influence loss). */
    default boolean needsGalleryClassifier() {
        return false;
    }

    /** Whether it needs the gallery model's embeddings of each batch. */
    default boolean needsGalleryEmbeddings() {
        return false;
    }

    /** CE(W_q·φq(x), y): no gallery term, the baseline. */
    record Independent() implements LossSpec {
        public String text() {
            return "independent";
        }

        public boolean needsGallery() {
            return false;
        }
    }

    /** CE(W_q·φq(x), y) + λ·CE(W_g·φq(x), y), W_g the gallery model's frozen classifier. */
    record Bct(double lambda) implements LossSpec {
        public String text() {
            return "bct";
        }

        public boolean needsGalleryClassifier() {
            return true;
        }
    }

    /** CE(W_q·φq(x), y) + λ·‖φ̂q(x) − φ̂g(x)‖², on normalised embeddings, averaged over the batch. */
    record L2(double lambda) implements LossSpec {
        public String text() {
            return "l2";
        }

        public boolean needsGalleryEmbeddings() {
            return true;
        }
    }

    /** Both terms: CE + λ·CE(W_g·φq) + λ·‖φ̂q − φ̂g‖². */
    record BctL2(double lambda) implements LossSpec {
        public String text() {
            return "bct+l2";
        }

        public boolean needsGalleryClassifier() {
            return true;
        }

        public boolean needsGalleryEmbeddings() {
            return true;
        }
    }

    /**
     * CE + λ·InfoNCE: each query embedding against the gallery embeddings of the batch, the same
     * image being the positive, logits = φ̂q·φ̂gᵀ / temperature.
     */
    record Contrastive(double lambda, double temperature) implements LossSpec {
        public String text() {
            return "contrastive";
        }

        public boolean needsGalleryEmbeddings() {
            return true;
        }
    }

    /**
     * The query and the gallery model trained together from scratch with one shared classifier:
     * CE(W·φq(x), y) + CE(W·φg(x), y). Both models adapt; no frozen gallery.
     */
    record Joint() implements LossSpec {
        public String text() {
            return "joint";
        }

        public boolean needsGallery() {
            return false;
        }
    }

    /**
     * The loss a config records in its fields {@code loss}, {@code lambda} and {@code temperature}, in every
     * shape earlier versions wrote: the name, or the first stores' object {@code {"type": "bct"}}; no loss
     * (recorded before there was a choice) is {@code absent}; no λ or temperature is the default.
     */
    static LossSpec read(JsonNode config, String absent) {
        JsonNode loss = config.path("loss");
        String name = loss.isObject() ? loss.path("type").asText("") : loss.asText("");
        double temperature = config.path("temperature").asDouble(0);
        return of(name.isBlank() ? absent : name, config.path("lambda").asDouble(DEFAULT_LAMBDA),
                temperature == 0 ? DEFAULT_TEMPERATURE : temperature);
    }

    static LossSpec of(String name, double lambda, double temperature) {
        String n = name == null ? "independent" : name.trim();
        if (!(lambda >= 0 && lambda <= 100)) {
            throw FieldProblem.of("lambda", "must be between 0 and 100", lambda);
        }
        if (!(temperature > 0 && temperature <= 10)) {
            throw FieldProblem.of("temperature", "must be in (0, 10]", temperature);
        }
        return switch (n) {
            case "independent" -> new Independent();
            case "bct" -> new Bct(lambda);
            case "l2" -> new L2(lambda);
            case "bct+l2" -> new BctL2(lambda);
            case "contrastive" -> new Contrastive(lambda, temperature);
            case "joint" -> new Joint();
            default -> throw new BadInputException("unknown loss '" + n + "': use one of " + String.join(", ", NAMES));
        };
    }
}
