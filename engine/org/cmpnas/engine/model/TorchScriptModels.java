package org.cmpnas.engine.model;

import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Properties;
import org.cmpnas.engine.BadInputException;

/** Imported gallery models: a TorchScript module ({@code model.pt}) and an optional classifier. */
final class TorchScriptModels {
    static final String MODULE = "model.pt";

    private TorchScriptModels() {
    }

    static LoadedModel load(Path weightsDir, Properties card, NDManager manager) {
        Model model = Model.newInstance(card.getProperty("arch", "imported"), "PyTorch");
        try {
            model.load(weightsDir, MODULE);
        } catch (IOException | MalformedModelException | RuntimeException e) {
            model.close();
            throw new BadInputException("TorchScript model " + weightsDir.resolve(MODULE) + " cannot be loaded: " + e.getMessage(), e);
        }
        return new LoadedModel(card.getProperty("arch", "imported"), model.getBlock(), null, model);
    }
}
