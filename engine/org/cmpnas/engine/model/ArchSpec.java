package org.cmpnas.engine.model;

import java.util.List;
import org.cmpnas.engine.BadInputException;

/**
 * An embedding network described as data: a named preset or a subnet of the search space.
 * Its text form is stable: it names runs, labels charts and is stored in JSON.
 */
public sealed interface ArchSpec permits ResNetSpec, SubnetSpec {

    /** Every model emits an embedding of this size, so any query model can search any gallery. */
    int EMBEDDING_DIM = 128;

    /** Input images are 1 × 28 × 28 (grey). */
    int INPUT_SIZE = 28;

    String text();

    /** The counted layers of one forward pass (convolutions and the embedding Linear), in order. */
    List<Layer> layers();

    default long macs() {
        return layers().stream().mapToLong(Layer::macs).sum();
    }

    /** Trainable parameters of the embedding network (not the training-only classifier). */
    default long params() {
        return layers().stream().mapToLong(Layer::params).sum();
    }

    /** Parses a preset name (`resnet-g`, `resnet-q`) or a subnet's text form. */
    static ArchSpec parse(String text) {
        if (text == null || text.isBlank()) {
            throw new BadInputException("architecture is empty: give a preset (" + ResNetSpec.PRESETS.keySet() + ") or a subnet text such as d1-1-1_w8-16-32_k3-3-3_e1-1-1");
        }
        String t = text.trim();
        ResNetSpec preset = ResNetSpec.PRESETS.get(t);
        if (preset != null) {
            return preset;
        }
        if (t.startsWith("d")) {
            return SubnetSpec.parse(t);
        }
        throw new BadInputException("unknown architecture '" + t + "': give a preset (" + String.join(", ", ResNetSpec.PRESETS.keySet()) + ") or a subnet text such as d1-1-1_w8-16-32_k3-3-3_e1-1-1");
    }
}
