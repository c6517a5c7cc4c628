package org.cmpnas.engine.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.cmpnas.engine.BadInputException;

/**
 * One subnet of the search space: per stage a depth and a width, per active block a kernel and an
 * expand ratio (listed in block order), the resolution the query image is resized to before the first
 * layer, and the input it takes. Text form: {@code d2-1-3_w16-32-64_k3-5-3-3-5-3_e6-1-3-3-6-1}, with
 * {@code _r20} appended when the resolution is not the input's full size and {@code @3x64} when the input
 * is not 1 x 28 x 28 (so the text of every subnet recorded before either is unchanged). Elastic resolution
 * ({@link SearchSpace#resolutions}) is defined for 28 px inputs; other inputs are searched at full size.
 */
public record SubnetSpec(List<Integer> depths, List<Integer> widths, List<Integer> kernels, List<Integer> expands,
                         int resolution, InputShape input) implements ArchSpec {

    /** A subnet at full resolution of the protocol's input. */
    public SubnetSpec(List<Integer> depths, List<Integer> widths, List<Integer> kernels, List<Integer> expands) {
        this(depths, widths, kernels, expands, INPUT_SIZE);
    }

    /** A subnet of the protocol's 1 x 28 x 28 input at {@code resolution}. */
    public SubnetSpec(List<Integer> depths, List<Integer> widths, List<Integer> kernels, List<Integer> expands, int resolution) {
        this(depths, widths, kernels, expands, resolution, InputShape.GREY_28);
    }

    public SubnetSpec {
        depths = List.copyOf(depths);
        widths = List.copyOf(widths);
        kernels = List.copyOf(kernels);
        expands = List.copyOf(expands);
        String text = format(depths, widths, kernels, expands, resolution, input);
        if (depths.size() != SearchSpace.STAGES || widths.size() != SearchSpace.STAGES) {
            throw new BadInputException("subnet '" + text + "' needs " + SearchSpace.STAGES + " depths and " + SearchSpace.STAGES + " widths");
        }
        int blocks = depths.stream().mapToInt(Integer::intValue).sum();
        if (kernels.size() != blocks || expands.size() != blocks) {
            throw new BadInputException("subnet '" + text + "' has " + blocks + " blocks, so it needs " + blocks + " kernels and " + blocks + " expand ratios");
        }
        for (int s = 0; s < SearchSpace.STAGES; s++) {
            check(text, "depth of stage " + (s + 1), depths.get(s), SearchSpace.DEPTHS);
            check(text, "width of stage " + (s + 1), widths.get(s), SearchSpace.WIDTHS.get(s));
        }
        kernels.forEach(k -> check(text, "kernel", k, SearchSpace.KERNELS));
        expands.forEach(e -> check(text, "expand ratio", e, SearchSpace.EXPANDS));
        check(text, "resolution", resolution, SearchSpace.resolutions(input));
    }

    private static void check(String text, String what, int value, List<Integer> allowed) {
        if (!allowed.contains(value)) {
            throw new BadInputException("subnet '" + text + "': " + what + " " + value + " is not one of " + allowed);
        }
    }

    public static SubnetSpec parse(String text) {
        int at = text.lastIndexOf('@');
        if (at >= 0) {
            return parse(text.substring(0, at)).withInput(InputShape.parse(text.substring(at + 1)));
        }
        String[] parts = text.trim().split("_");
        boolean resized = parts.length == 5 && parts[4].startsWith("r");
        if (!(parts.length == 4 || resized) || !parts[0].startsWith("d") || !parts[1].startsWith("w") || !parts[2].startsWith("k")
                || !parts[3].startsWith("e")) {
            throw new BadInputException("subnet '" + text + "' is not of the form d<depths>_w<widths>_k<kernels>_e<expands>[_r<resolution>], "
                    + "e.g. d1-2-1_w8-32-64_k3-5-3-3_e1-6-3-1 or d1-2-1_w8-32-64_k3-5-3-3_e1-6-3-1_r20");
        }
        int resolution = resized ? ints(text, parts[4]).get(0) : INPUT_SIZE;
        return new SubnetSpec(ints(text, parts[0]), ints(text, parts[1]), ints(text, parts[2]), ints(text, parts[3]), resolution);
    }

    private static List<Integer> ints(String text, String part) {
        try {
            return Arrays.stream(part.substring(1).split("-")).map(Integer::valueOf).toList();
        } catch (NumberFormatException e) {
            throw new BadInputException("subnet '" + text + "': '" + part + "' is not a list of numbers separated by '-'");
        }
    }

    private static String format(List<Integer> d, List<Integer> w, List<Integer> k, List<Integer> e, int resolution, InputShape input) {
        return "d" + join(d) + "_w" + join(w) + "_k" + join(k) + "_e" + join(e) + (resolution == input.size() ? "" : "_r" + resolution)
                + input.suffix();
    }

    private static String join(List<Integer> values) {
        return String.join("-", values.stream().map(String::valueOf).toList());
    }

    @Override
    public String text() {
        return format(depths, widths, kernels, expands, resolution, input);
    }

    /** Whether the input is resized before the first layer. */
    public boolean resizesInput() {
        return resolution != input.size();
    }

    /** The same subnet at another input resolution. */
    public SubnetSpec withResolution(int value) {
        return new SubnetSpec(depths, widths, kernels, expands, value, input);
    }

    /** The same subnet for other images; a full-resolution subnet stays at full resolution. */
    @Override
    public SubnetSpec withInput(InputShape value) {
        return new SubnetSpec(depths, widths, kernels, expands, resizesInput() ? resolution : value.size(), value);
    }

    /** The blocks in order, with their input/output channels, stride, kernel and expansion. */
    public List<MbBlock> blocks() {
        List<MbBlock> blocks = new ArrayList<>();
        int in = SearchSpace.STEM;
        int i = 0;
        for (int s = 0; s < SearchSpace.STAGES; s++) {
            int out = widths.get(s);
            for (int b = 0; b < depths.get(s); b++, i++) {
                blocks.add(new MbBlock(in, out, b == 0 ? SearchSpace.stageStride(s) : 1, kernels.get(i), expands.get(i)));
                in = out;
            }
        }
        return blocks;
    }

    /** An inverted-residual block: 1×1 expand (absent at ratio 1), k×k depthwise (strided), 1×1 project. */
    public record MbBlock(int in, int out, int stride, int kernel, int expand) {
        public int hidden() {
            return in * expand;
        }

        public boolean residual() {
            return stride == 1 && in == out;
        }
    }

    @Override
    public List<Layer> layers() {
        List<Layer> layers = new ArrayList<>();
        int stemStride = input.stemStride();
        if (resizesInput()) {
            layers.add(new Layer.Resize(input.channels(), input.size(), resolution));
        }
        int size = (resolution + stemStride - 1) / stemStride; // a padded strided convolution rounds up
        layers.add(new Layer.Conv(input.channels(), SearchSpace.STEM, 3, stemStride, 1, size));
        for (MbBlock b : blocks()) {
            if (b.expand() != 1) {
                layers.add(new Layer.Conv(b.in(), b.hidden(), 1, 1, 1, size));
            }
            size = (size + b.stride() - 1) / b.stride(); // a padded strided convolution rounds up
            layers.add(new Layer.Conv(b.hidden(), b.hidden(), b.kernel(), b.stride(), b.hidden(), size));
            layers.add(new Layer.Conv(b.hidden(), b.out(), 1, 1, 1, size));
        }
        layers.add(new Layer.Linear(widths.get(SearchSpace.STAGES - 1), EMBEDDING_DIM));
        return layers;
    }
}
