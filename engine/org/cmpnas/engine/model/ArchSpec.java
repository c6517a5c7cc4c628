package org.cmpnas.engine.model;

import java.util.List;
import org.cmpnas.engine.BadInputException;

/**
 * An embedding network described as data: a named preset or a subnet of the search space, and the
 * input it takes ({@link InputShape}, written after the rest as {@code @3x64} unless it is 1 x 28 x 28).
 * Its text form is stable: it names runs, labels charts and is stored in JSON.
 */
public sealed interface ArchSpec permits ResNetSpec, SubnetSpec {

    /** Every model emits an embedding of this size, so any query model can search any gallery. */
    int EMBEDDING_DIM = 128;

    /** The protocol's input side: 1 × 28 × 28 (grey) unless an architecture says otherwise. */
    int INPUT_SIZE = 28;

    String text();

    /** The images the network takes. */
    InputShape input();

    /** The same network for other images (the stem follows their channels and size). */
    ArchSpec withInput(InputShape input);

    /**
     * This network for a dataset's images: an architecture that names no input (its text has no {@code @}) takes
     * the data's; one that names another input than the data's is refused, naming both.
     */
    default ArchSpec forImages(InputShape images) {
        if (input().equals(images)) {
            return this;
        }
        if (input().equals(InputShape.GREY_28)) {
            return withInput(images);
        }
        throw new org.cmpnas.engine.BadInputException("architecture " + text() + " takes " + input().text() + " images but the data's are "
                + images.text() + ": leave the input out of the architecture (it follows the data) or read the data at its size");
    }

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
        int at = t.lastIndexOf('@');
        if (at >= 0) {
            return parse(t.substring(0, at)).withInput(InputShape.parse(t.substring(at + 1)));
        }
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
