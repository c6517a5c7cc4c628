package org.cmpnas.engine.model;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A small ResNet of BasicBlocks: a 3×3 stem (strided for a large input, see {@link InputShape#stemStride}),
 * three stages (the second and third start with stride 2 and a 1×1 projection shortcut), global average
 * pooling and a Linear embedding.
 */
public record ResNetSpec(String name, int stem, List<Integer> widths, List<Integer> blocks, InputShape input) implements ArchSpec {

    public static final ResNetSpec RESNET_G = new ResNetSpec("resnet-g", 32, List.of(32, 64, 128), List.of(2, 2, 2), InputShape.GREY_28);
    public static final ResNetSpec RESNET_Q = new ResNetSpec("resnet-q", 8, List.of(8, 16, 32), List.of(1, 1, 1), InputShape.GREY_28);
    public static final Map<String, ResNetSpec> PRESETS = presets();

    public ResNetSpec {
        widths = List.copyOf(widths);
        blocks = List.copyOf(blocks);
    }

    private static Map<String, ResNetSpec> presets() {
        Map<String, ResNetSpec> m = new LinkedHashMap<>();
        m.put(RESNET_G.name, RESNET_G);
        m.put(RESNET_Q.name, RESNET_Q);
        return Map.copyOf(m);
    }

    @Override
    public String text() {
        return name + input.suffix();
    }

    @Override
    public ResNetSpec withInput(InputShape value) {
        return new ResNetSpec(name, stem, widths, blocks, value);
    }

    public static int stageStride(int stage) {
        return stage == 0 ? 1 : 2;
    }

    @Override
    public List<Layer> layers() {
        List<Layer> layers = new ArrayList<>();
        int stemStride = input.stemStride();
        int size = (input.size() + stemStride - 1) / stemStride; // a padded strided convolution rounds up
        layers.add(new Layer.Conv(input.channels(), stem, 3, stemStride, 1, size));
        int in = stem;
        for (int s = 0; s < widths.size(); s++) {
            int out = widths.get(s);
            for (int b = 0; b < blocks.get(s); b++) {
                int stride = b == 0 ? stageStride(s) : 1;
                size = (size + stride - 1) / stride;
                layers.add(new Layer.Conv(in, out, 3, stride, 1, size));
                layers.add(new Layer.Conv(out, out, 3, 1, 1, size));
                if (stride != 1 || in != out) {
                    layers.add(new Layer.Conv(in, out, 1, stride, 1, size));
                }
                in = out;
            }
        }
        layers.add(new Layer.Linear(in, EMBEDDING_DIM));
        return layers;
    }
}
