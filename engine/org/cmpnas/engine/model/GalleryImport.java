package org.cmpnas.engine.model;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Properties;
import org.cmpnas.engine.BadInputException;
import org.cmpnas.engine.data.Normalization;
import org.cmpnas.engine.jobs.JobListener;
import org.cmpnas.engine.jobs.RunLifecycle;
import org.cmpnas.engine.store.Json;
import org.cmpnas.engine.store.RunHandle;
import org.cmpnas.engine.store.RunKind;
import org.cmpnas.engine.store.RunStore;
import org.cmpnas.engine.store.StoreWriteException;

/**
 * Registers an external gallery model, traced in PyTorch, as a finished run of kind {@code imported}:
 * checks that DJL loads the TorchScript module and that it embeds a probe batch into 128 dimensions,
 * checks the optional classifier matrix (classes × 128, {@code .npy}), and copies both into the run's
 * {@code weights/} ({@code model.pt}, {@code classifier.npy}, {@code model.properties} with
 * {@code format=torchscript}). Nothing is written when a check fails.
 *
 * <p><b>MACs</b> (the cost on the Pareto chart) cannot be derived from a TorchScript module, so they
 * are given: {@link Request#macs()} (the CLI's {@code --macs}), or else a <b>sidecar</b> next to the
 * module, the first of {@code NAME.pt.json}, {@code NAME.json}, {@code NAME.pt.macs}, {@code NAME.macs}
 * that exists (for the module {@code NAME.pt}):
 * <ul>
 *   <li>{@code .json}: an object {@code {"macs": 7568, "params": 680}}; {@code macs} a positive integer
 *       (multiply-accumulates of one 28×28 image by the protocol's formula (docs/protocol.md)), {@code params} optional;</li>
 *   <li>{@code .macs}: the number of MACs alone, as text, e.g. {@code 7568}.</li>
 * </ul>
 * The parameter count is {@link Request#params()}, else the sidecar's {@code params}, else counted from
 * the module's parameters.
 */
public final class GalleryImport {
    /** Losses an imported gallery model supports without a classifier ({@code bct} needs one). */
    public static final List<String> LOSSES_WITHOUT_CLASSIFIER = List.of("l2", "contrastive");

    private final RunStore store;

    public GalleryImport(RunStore store) {
        this.store = store;
    }

    /**
     * What to import.
     *
     * @param torchscript the module, required
     * @param classifier  the classifier matrix, or null
     * @param name        the run's name; null or blank: the module's file name
     * @param macs        MACs of one image, or null to read them from a sidecar
     * @param params      parameter count, or null (sidecar, else counted)
     * @param input         the images the module takes, or null: a JSON sidecar's {@code "input": "3x224"}, else 1 x 28 x 28
     * @param normalization the statistics it expects its input normalised by, or null: the sidecar's
     *                      {@code "normalization": "0.485,0.456,0.406/0.229,0.224,0.225"}, else Fashion-MNIST's
     */
    public record Request(Path torchscript, Path classifier, String name, Long macs, Long params, InputShape input,
                          Normalization normalization) {

        /** A module of the protocol's input, or as its sidecar says. */
        public Request(Path torchscript, Path classifier, String name, Long macs, Long params) {
            this(torchscript, classifier, name, macs, params, null, null);
        }
    }

    /** Where the MACs and parameter count came from, as recorded in the run's config. */
    record Sizes(long macs, String macsSource, Long params, String paramsSource) {
    }

    /**
     * The classifier matrix of a gallery model, for the {@code bct} loss; an imported model without
     * one is refused with a message saying how to give it and which losses work without it.
     */
    public static NDArray requireClassifier(LoadedModel gallery, String runId) {
        if (gallery.classifier() == null) {
            throw new BadInputException("gallery run " + runId + " is an imported model without a classifier: bct needs one"
                    + " (import it with --classifier FILE.npy); l2 and contrastive work without it");
        }
        return gallery.classifier();
    }

    /** Checks and imports; returns the id of the new, finished run. */
    public String run(Request request) {
        Path module = checkedFile(request.torchscript(), "TorchScript model", "--torchscript");
        Path classifierFile = request.classifier() == null ? null : checkedFile(request.classifier(), "classifier", "--classifier");
        String name = request.name() == null || request.name().isBlank() ? module.getFileName().toString() : request.name().strip();
        Sizes sizes = sizes(module, request.macs(), request.params());
        String arch = "torchscript:" + module.getFileName();
        InputShape input = request.input() != null ? request.input() : InputShape.parse(sidecarText(module, "input", InputShape.GREY_28.text()));
        String stats = sidecarText(module, "normalization", null);
        if (request.normalization() == null && stats == null && input.channels() != 1) {
            throw new BadInputException("TorchScript model " + module + " takes " + input.text() + " images: give the statistics it expects"
                    + " them normalised by (--normalization MEANS/STDS, e.g. 0.485,0.456,0.406/0.229,0.224,0.225, or \"normalization\" in its sidecar)");
        }
        Normalization normalization = request.normalization() != null ? request.normalization() : Normalization.parse(stats);
        if (normalization.channels() != input.channels()) {
            throw new BadInputException("the normalisation " + normalization.text() + " has " + normalization.channels()
                    + " channel(s) but TorchScript model " + module + " takes " + input.text() + " images");
        }

        long params;
        int classes;
        String paramsSource = sizes.paramsSource();
        try (NDManager manager = NDManager.newBaseManager("PyTorch");
             Model model = TorchScriptModels.loadModule(module, arch)) {
            TorchScriptModels.probe(model.getBlock(), input, module, ArchSpec.EMBEDDING_DIM, manager);
            if (sizes.params() != null) {
                params = sizes.params();
            } else {
                params = TorchScriptModels.countParameters(model.getBlock());
                paramsSource = params > 0 ? "counted from the TorchScript module" : "unknown";
            }
            classes = 0;
            if (classifierFile != null) {
                try (NDArray w = TorchScriptModels.readClassifier(classifierFile, manager)) {
                    classes = (int) w.getShape().get(0);
                }
            }
        }

        ObjectNode config = Json.mapper().createObjectNode();
        config.put("type", "import"); // the type marker every run config carries
        config.put("format", ModelFiles.FORMAT_TORCHSCRIPT);
        config.put("embeddingDim", ArchSpec.EMBEDDING_DIM);
        config.put("classes", classes);
        config.put("macs", sizes.macs());
        config.put("macsSource", sizes.macsSource());
        config.put("params", params);
        config.put("paramsSource", paramsSource);
        config.put("input", input.text());
        config.put("normalization", normalization.text());
        List<String> losses = new ArrayList<>(classifierFile != null ? List.of("bct") : List.of());
        losses.addAll(LOSSES_WITHOUT_CLASSIFIER);
        config.set("losses", Json.mapper().valueToTree(losses));
        ObjectNode source = config.putObject("torchscript");
        source.put("path", module.toString());
        source.put("bytes", size(module));
        ObjectNode classifierSource = classifierFile == null ? null : config.putObject("classifier");
        if (classifierFile != null) {
            classifierSource.put("path", classifierFile.toString());
            classifierSource.put("bytes", size(classifierFile));
        } else {
            config.putNull("classifier");
        }

        RunHandle run = store.create(name, RunKind.imported, arch, sizes.macs(), params, config, RunLifecycle.provenanceOfImport());
        long knownParams = params;
        int knownClasses = classes;
        RunLifecycle.of(JobListener.NONE, run).carry(() -> {
            Path weights = run.weightsDir();
            String moduleSha = copy(module, weights.resolve(TorchScriptModels.MODULE));
            String classifierSha = classifierFile == null ? null : copy(classifierFile, weights.resolve(TorchScriptModels.CLASSIFIER));
            writeCard(weights, arch, knownClasses, sizes.macs(), knownParams, input, normalization);
            source.put("sha256", moduleSha);
            if (classifierSource != null) {
                classifierSource.put("sha256", classifierSha);
            }
            run.update(r -> r.withConfig(config));
        });
        return run.id();
    }

    /** A text field of the module's JSON sidecar, or {@code otherwise} when there is no JSON sidecar or no such field. */
    private static String sidecarText(Path module, String field, String otherwise) {
        Path sidecar = findSidecar(module);
        if (sidecar == null || !sidecar.getFileName().toString().endsWith(".json")) {
            return otherwise;
        }
        try {
            JsonNode json = Json.mapper().readTree(sidecar.toFile());
            return json != null && json.hasNonNull(field) ? json.get(field).asText() : otherwise;
        } catch (IOException e) {
            throw new BadInputException("sidecar " + sidecar + " is not valid JSON: " + TorchScriptModels.firstLine(e), e);
        }
    }

    /** MACs and parameters from the request, else from the module's sidecar. */
    static Sizes sizes(Path module, Long macs, Long params) {
        if (macs != null && macs <= 0) {
            throw new BadInputException("--macs " + macs + " is not a positive number of multiply-accumulates");
        }
        if (params != null && params < 0) {
            throw new BadInputException("--params " + params + " is negative");
        }
        if (macs != null && params != null) {
            return new Sizes(macs, "--macs", params, "--params");
        }
        Path sidecar = findSidecar(module);
        if (sidecar == null) {
            if (macs == null) {
                throw new BadInputException("the MACs of TorchScript model " + module + " are unknown (the Pareto chart needs them):"
                        + " give --macs N, or put a sidecar " + stem(module) + ".json {\"macs\": N, \"params\": N} or "
                        + stem(module) + ".macs (the number alone) next to it");
            }
            return new Sizes(macs, "--macs", null, null);
        }
        long sidecarMacs;
        Long sidecarParams = null;
        if (sidecar.getFileName().toString().endsWith(".json")) {
            JsonNode json;
            try {
                json = Json.mapper().readTree(sidecar.toFile());
            } catch (IOException e) {
                throw new BadInputException("MACs sidecar " + sidecar + " is not valid JSON: " + TorchScriptModels.firstLine(e), e);
            }
            if (json == null || !json.isObject()) {
                throw new BadInputException("MACs sidecar " + sidecar + " must be a JSON object such as {\"macs\": N, \"params\": N}");
            }
            sidecarMacs = macs != null ? macs : count(json.get("macs"), "macs", sidecar, true);
            if (json.hasNonNull("params")) {
                sidecarParams = count(json.get("params"), "params", sidecar, false);
            }
        } else {
            String text;
            try {
                text = Files.readString(sidecar, StandardCharsets.UTF_8).strip();
            } catch (IOException e) {
                throw new BadInputException("MACs sidecar " + sidecar + " cannot be read: " + TorchScriptModels.firstLine(e), e);
            }
            long v;
            try {
                v = Long.parseLong(text.replace("_", ""));
            } catch (NumberFormatException e) {
                throw new BadInputException("MACs sidecar " + sidecar + " must hold the number of MACs alone, found '"
                        + (text.length() > 40 ? text.substring(0, 40) + "..." : text) + "'");
            }
            if (v <= 0 && macs == null) {
                throw new BadInputException("MACs sidecar " + sidecar + " holds " + v + "; expected a positive number of MACs");
            }
            sidecarMacs = macs != null ? macs : v;
        }
        String macsSource = macs != null ? "--macs" : "sidecar " + sidecar;
        if (params != null) {
            return new Sizes(sidecarMacs, macsSource, params, "--params");
        }
        return new Sizes(sidecarMacs, macsSource, sidecarParams, sidecarParams != null ? "sidecar " + sidecar : null);
    }

    /** The first sidecar that exists: NAME.pt.json, NAME.json, NAME.pt.macs, NAME.macs; null if none. */
    public static Path findSidecar(Path module) {
        String file = module.getFileName().toString();
        String stem = stem(module).getFileName().toString();
        for (String candidate : new String[] {file + ".json", stem + ".json", file + ".macs", stem + ".macs"}) {
            Path p = module.resolveSibling(candidate);
            if (!p.equals(module) && Files.isRegularFile(p)) {
                return p;
            }
        }
        return null;
    }

    private static Path stem(Path module) {
        String file = module.getFileName().toString();
        int dot = file.lastIndexOf('.');
        return module.resolveSibling(dot > 0 ? file.substring(0, dot) : file);
    }

    private static long count(JsonNode v, String field, Path sidecar, boolean positive) {
        if (v == null || v.isNull()) {
            throw new BadInputException("MACs sidecar " + sidecar + " has no \"" + field + "\" (expected {\"macs\": N, \"params\": N})");
        }
        if (!v.isNumber() || v.asDouble() != Math.rint(v.asDouble()) || (positive ? v.asDouble() <= 0 : v.asDouble() < 0)
                || v.asDouble() > Long.MAX_VALUE) {
            throw new BadInputException("MACs sidecar " + sidecar + " has \"" + field + "\": " + v
                    + "; expected a " + (positive ? "positive" : "non-negative") + " integer");
        }
        return v.isIntegralNumber() ? v.asLong() : (long) v.asDouble();
    }

    private static Path checkedFile(Path file, String what, String option) {
        if (file == null) {
            throw new BadInputException(option + " FILE is required");
        }
        Path abs = file.toAbsolutePath().normalize();
        if (!Files.exists(abs)) {
            throw new BadInputException(what + " " + file + " does not exist (" + option + ")");
        }
        if (!Files.isRegularFile(abs)) {
            throw new BadInputException(what + " " + file + " is not a file (" + option + ")");
        }
        if (!Files.isReadable(abs)) {
            throw new BadInputException(what + " " + file + " is not readable (" + option + ")");
        }
        return abs;
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new BadInputException("cannot read " + file + ": " + TorchScriptModels.firstLine(e), e);
        }
    }

    /** Copies {@code from} to {@code to} (through a temporary file) and returns the SHA-256 of the bytes copied. */
    private static String copy(Path from, Path to) {
        Path tmp = to.resolveSibling(to.getFileName() + ".tmp");
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
        try (InputStream in = Files.newInputStream(from);
             OutputStream out = new DigestOutputStream(Files.newOutputStream(tmp), sha)) {
            in.transferTo(out);
        } catch (IOException e) {
            throw StoreWriteException.of(to, e);
        }
        try {
            Files.move(tmp, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw StoreWriteException.of(to, e);
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    private static void writeCard(Path weights, String arch, int classes, long macs, long params, InputShape input,
                                  Normalization normalization) {
        Properties card = new Properties();
        card.setProperty("format", ModelFiles.FORMAT_TORCHSCRIPT);
        card.setProperty("arch", arch);
        card.setProperty("classes", Integer.toString(classes));
        card.setProperty("embeddingDim", Integer.toString(ArchSpec.EMBEDDING_DIM));
        card.setProperty("macs", Long.toString(macs));
        card.setProperty("params", Long.toString(params));
        card.setProperty(ModelFiles.INPUT, input.text());
        card.setProperty(ModelFiles.NORMALIZATION, normalization.text());
        Path tmp = weights.resolve(ModelFiles.CARD + ".tmp");
        try {
            try (var w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
                card.store(w, "CMP-NAS Workbench imported TorchScript model");
            }
            Files.move(tmp, weights.resolve(ModelFiles.CARD), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw StoreWriteException.of(weights.resolve(ModelFiles.CARD), e);
        }
    }
}
