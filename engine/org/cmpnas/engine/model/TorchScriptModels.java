package org.cmpnas.engine.model;

import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Properties;
import org.cmpnas.engine.BadInputException;
import org.cmpnas.engine.data.Normalization;

/**
 * Imported gallery models: a TorchScript module ({@code model.pt}, traced in PyTorch, loaded by DJL's
 * PyTorch engine) and an optional classifier matrix ({@code classifier.npy}, classes × 128, float32).
 * The module takes normalised images (N, C, S, S) of the input its card records (1 x 28 x 28 when it records
 * none) and its first output is the (N, 128) embedding.
 */
public final class TorchScriptModels {
    /** The module inside {@code weights/}. */
    public static final String MODULE = "model.pt";
    /** The classifier matrix inside {@code weights/}, absent when none was imported. */
    public static final String CLASSIFIER = "classifier.npy";
    /** Images of the probe batch that checks a module before import. */
    static final int PROBE_BATCH = 2;

    private static final byte[] NPY_MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};

    private TorchScriptModels() {
    }

    /** The model of a run's {@code weights/} whose card says {@code format=torchscript}. */
    static LoadedModel load(Path weightsDir, Properties card, NDManager manager) {
        String arch = card.getProperty("arch", "imported");
        Model model = loadModule(weightsDir.resolve(MODULE), arch);
        try {
            NDArray classifier = null;
            Path classifierFile = weightsDir.resolve(CLASSIFIER);
            int classes = parseClasses(card, weightsDir);
            if (Files.isRegularFile(classifierFile)) {
                classifier = readClassifier(classifierFile, manager);
                if (classes > 0 && classifier.getShape().get(0) != classes) {
                    throw new BadInputException("classifier " + classifierFile + " has " + classifier.getShape().get(0)
                            + " rows but " + weightsDir.resolve(ModelFiles.CARD) + " says classes=" + classes);
                }
            } else if (classes > 0) {
                throw new BadInputException("classifier " + classifierFile + " is missing although "
                        + weightsDir.resolve(ModelFiles.CARD) + " says classes=" + classes);
            }
            return new LoadedModel(arch, model.getBlock(), classifier, inputOf(card), Normalization.parse(card.getProperty(ModelFiles.NORMALIZATION)), model);
        } catch (RuntimeException e) {
            model.close();
            throw e;
        }
    }

    /**
     * Loads a TorchScript file with DJL's PyTorch engine (never downloading anything) onto the CPU.
     * The caller closes the returned model, which frees the module.
     */
    public static Model loadModule(Path file, String name) {
        if (!Files.isRegularFile(file)) {
            throw new BadInputException("TorchScript model " + file + (Files.exists(file) ? " is not a file" : " does not exist"));
        }
        if (!Files.isReadable(file)) {
            throw new BadInputException("TorchScript model " + file + " is not readable");
        }
        Model model = Model.newInstance(name, "PyTorch");
        try {
            // The file's own name as prefix: DJL then loads exactly this file; mapLocation maps a module
            // traced on a GPU onto the CPU.
            model.load(file.toAbsolutePath().getParent(), file.getFileName().toString(), Map.of("mapLocation", "true"));
            return model;
        } catch (IOException | MalformedModelException | RuntimeException e) {
            model.close();
            throw new BadInputException("TorchScript model " + file + " cannot be loaded (is it a module saved by "
                    + "torch.jit.trace or torch.jit.script?): " + firstLine(e), e);
        }
    }

    /** An imported model's input as its card records it; none: 1 x 28 x 28, as every import before image sizes took. */
    static InputShape inputOf(Properties card) {
        String input = card.getProperty(ModelFiles.INPUT);
        return input == null || input.isBlank() ? InputShape.GREY_28 : InputShape.parse(input);
    }

    /**
     * Runs a batch of {@value #PROBE_BATCH} zero images of {@code shape} through the block and checks
     * that the first output is a float32 (N, {@code dim}) embedding.
     *
     * @param file named in the error messages
     */
    public static void probe(Block block, InputShape shape, Path file, int dim, NDManager manager) {
        Shape input = shape.batch(PROBE_BATCH);
        try (NDManager sub = manager.newSubManager()) {
            NDList out;
            try {
                out = block.forward(new ParameterStore(sub, false), new NDList(sub.zeros(input)), false);
            } catch (RuntimeException e) { // EngineException from PyTorch, or DJL's own checks
                throw new BadInputException("TorchScript model " + file + " fails on a probe batch of zero images "
                        + input + " (does it take " + shape.text() + " images? give its input with --input or \"input\" in its sidecar): "
                        + firstLine(e), e);
            }
            if (out == null || out.isEmpty()) {
                throw new BadInputException("TorchScript model " + file + " returns no output for images " + input
                        + "; its first output must be the (N, " + dim + ") embedding");
            }
            NDArray first = out.get(0);
            Shape expected = new Shape(PROBE_BATCH, dim);
            if (!first.getShape().equals(expected)) {
                throw new BadInputException("TorchScript model " + file + " returns " + first.getShape()
                        + " for images " + input + "; expected the embedding " + expected
                        + " (its first output must be a " + dim + "-d embedding per image)");
            }
            if (first.getDataType() != DataType.FLOAT32) {
                throw new BadInputException("TorchScript model " + file + " returns a " + first.getDataType()
                        + " embedding; expected float32 (trace the model in float32)");
            }
        }
    }

    /** Number of values of the module's parameters, 0 when DJL cannot list them. */
    public static long countParameters(Block block) {
        try {
            long n = 0;
            for (Pair<String, Parameter> p : block.getParameters()) {
                NDArray value = p.getValue().getArray();
                if (value != null) {
                    n += value.size();
                }
            }
            return n;
        } catch (RuntimeException e) {
            return 0;
        }
    }

    /**
     * Reads a classifier matrix (classes × {@value ArchSpec#EMBEDDING_DIM}) from an {@code .npy}
     * file into {@code manager}, as float32 (float64 and float16 are converted).
     */
    public static NDArray readClassifier(Path file, NDManager manager) {
        NDArray a = readNpy(file, manager);
        try {
            Shape s = a.getShape();
            if (s.dimension() != 2 || s.get(1) != ArchSpec.EMBEDDING_DIM || s.get(0) < 1) {
                throw new BadInputException("classifier " + file + " has shape " + s + "; expected (classes, "
                        + ArchSpec.EMBEDDING_DIM + "): one row of " + ArchSpec.EMBEDDING_DIM + " weights per class");
            }
            DataType t = a.getDataType();
            if (t == DataType.FLOAT32) {
                return a;
            }
            if (t == DataType.FLOAT64 || t == DataType.FLOAT16 || t == DataType.BFLOAT16) {
                NDArray f = a.toType(DataType.FLOAT32, false);
                a.close();
                return f;
            }
            throw new BadInputException("classifier " + file + " holds " + t + " values; expected float32 (or float64/float16)");
        } catch (RuntimeException e) {
            a.close();
            throw e;
        }
    }

    /** One array from a NumPy {@code .npy} file (C order), decoded by DJL. */
    static NDArray readNpy(Path file, NDManager manager) {
        if (!Files.isRegularFile(file)) {
            throw new BadInputException("classifier " + file + (Files.exists(file) ? " is not a file" : " does not exist"));
        }
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
            in.mark(1 << 16);
            byte[] head = in.readNBytes(10);
            if (head.length < 10 || !Arrays.equals(Arrays.copyOf(head, NPY_MAGIC.length), NPY_MAGIC)) {
                throw new BadInputException("classifier " + file + " is not a NumPy .npy file (save it with numpy.save)");
            }
            int major = head[6] & 0xFF;
            int headerLength = major == 1 ? (head[8] & 0xFF) | (head[9] & 0xFF) << 8 : -1;
            if (major >= 2) {
                byte[] more = in.readNBytes(2);
                headerLength = more.length < 2 ? -1 : (head[8] & 0xFF) | (head[9] & 0xFF) << 8 | (more[0] & 0xFF) << 16 | (more[1] & 0xFF) << 24;
            }
            if (headerLength < 0 || headerLength > 1 << 15) {
                throw new BadInputException("classifier " + file + " has an unreadable .npy header");
            }
            String header = new String(in.readNBytes(headerLength), StandardCharsets.ISO_8859_1);
            if (header.replace(" ", "").contains("'fortran_order':True")) {
                throw new BadInputException("classifier " + file + " is stored in Fortran order; save "
                        + "numpy.ascontiguousarray(w) instead");
            }
            if (header.contains("'descr': '|O'") || header.contains("'descr': '<U") || header.contains("'descr': '|S")
                    || header.contains("'descr': '|V") || header.contains("'descr': [")) {
                throw new BadInputException("classifier " + file + " does not hold numbers (" + header.trim()
                        + "); expected float32");
            }
            in.reset();
            NDList list = NDList.decode(manager, in);
            if (list.size() != 1) {
                list.close();
                throw new BadInputException("classifier " + file + " holds " + list.size() + " arrays; expected one");
            }
            return list.get(0);
        } catch (NoSuchFileException e) {
            throw new BadInputException("classifier " + file + " does not exist", e);
        } catch (IOException e) {
            throw new BadInputException("classifier " + file + " cannot be read: " + firstLine(e), e);
        } catch (BadInputException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new BadInputException("classifier " + file + " is not a valid float32 .npy array: " + firstLine(e), e);
        }
    }

    private static int parseClasses(Properties card, Path weightsDir) {
        String v = card.getProperty("classes", "0").trim();
        try {
            int classes = Integer.parseInt(v);
            if (classes < 0) {
                throw new NumberFormatException();
            }
            return classes;
        } catch (NumberFormatException e) {
            throw new BadInputException("model description " + weightsDir.resolve(ModelFiles.CARD) + " has no valid 'classes'");
        }
    }

    /** The first line of an exception's message (PyTorch's carry whole TorchScript tracebacks). */
    static String firstLine(Throwable e) {
        String m = e.getMessage();
        if (m == null || m.isBlank()) {
            return e.getClass().getSimpleName();
        }
        String line = m.strip().lines().findFirst().orElse("").strip();
        return line.length() > 300 ? line.substring(0, 300) + "..." : line;
    }
}
