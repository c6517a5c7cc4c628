package org.cmpnas.app.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.cmpnas.engine.data.Normalization;
import org.cmpnas.engine.model.GalleryImport;
import org.cmpnas.engine.model.InputShape;
import org.cmpnas.engine.store.RunStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code cmpnas import-gallery}: registers an external TorchScript model as a frozen gallery model. */
@Command(name = "import-gallery", mixinStandardHelpOptions = true,
        description = {"Register an external gallery model: a TorchScript module traced in PyTorch that maps "
                + "normalised images (N, C, S, S) to 128-d embeddings (its first output).",
                "Its MACs come from --macs, else from a sidecar next to the module: NAME.json "
                + "{\"macs\": N, \"params\": N, \"input\": \"3x224\", \"normalization\": \"MEANS/STDS\"} (also NAME.pt.json) "
                + "or NAME.macs holding the number alone.",
                "Its input and statistics come from --input and --normalization, else from the JSON sidecar, else 1x28 and Fashion-MNIST's.",
                "With --classifier (classes x 128, float32 .npy) it supports the bct loss; without, l2 and contrastive.",
                "Prints the run id as the last line."})
final class ImportGalleryCommand implements Callable<Integer> {
    @Mixin
    GlobalOptions global;

    @Option(names = "--torchscript", paramLabel = "FILE", required = true, description = "the TorchScript module (torch.jit.trace/script, saved)")
    Path torchscript;

    @Option(names = "--classifier", paramLabel = "FILE.npy", description = "the classifier matrix, classes x 128, float32 (needed by the bct loss)")
    Path classifier;

    @Option(names = "--name", paramLabel = "NAME", required = true, description = "a name for the run")
    String name;

    @Option(names = "--macs", paramLabel = "N", description = "multiply-accumulates of one image (default: from the sidecar)")
    Long macs;

    @Option(names = "--input", paramLabel = "CxS", description = "the images it takes: channels x side, e.g. 3x224 (default: from the sidecar, else 1x28)")
    String input;

    @Option(names = "--normalization", paramLabel = "MEANS/STDS", description = "the per-channel statistics its input is normalised by, "
            + "e.g. 0.485,0.456,0.406/0.229,0.224,0.225 (default: from the sidecar, else Fashion-MNIST's 0.2860/0.3530)")
    String normalization;

    @Option(names = "--params", paramLabel = "N", description = "parameter count (default: from the sidecar, else counted from the module)")
    Long params;

    @Override
    public Integer call() {
        RunStore store = global.store();
        String runId = new GalleryImport(store).run(new GalleryImport.Request(torchscript, classifier, name, macs, params,
                input == null ? null : InputShape.parse(input), normalization == null ? null : Normalization.parse(normalization)));
        if (global.json) {
            Output.json(store.load(runId));
        } else {
            System.out.println(runId);
        }
        return 0;
    }
}
