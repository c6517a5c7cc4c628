package org.cmpnas.engine.train;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.nio.file.Path;
import org.cmpnas.engine.BadInputException;
import org.cmpnas.engine.compat.LossSpec;
import org.cmpnas.engine.data.DataSpec;
import org.cmpnas.engine.jobs.CancellationToken;
import org.cmpnas.engine.jobs.JobListener;
import org.cmpnas.engine.store.RunHandle;
import org.cmpnas.engine.store.RunKind;
import org.cmpnas.engine.store.RunStatus;
import org.cmpnas.engine.store.RunStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Compatibility training takes the same gallery runs a supernet does: a search run is none. */
class GalleryRunCheckTest {

    @TempDir
    Path dir;

    @Test
    void aSearchRunIsRefusedAsAGalleryModel() {
        RunStore store = new RunStore(dir);
        RunHandle search = store.create("search", RunKind.search, "search", 0, 0, JsonNodeFactory.instance.objectNode(), null);
        search.setStatus(RunStatus.finished, null);
        TrainConfig bct = TrainConfig.of("resnet-q", TrainConfig.FASHION_MNIST).withName("q").withSchedule(new Schedule(1, 64, 0.05, 0.9, 5e-4, 1)).withData(DataSpec.all(TrainConfig.FASHION_MNIST).withLimit(128))
                .withLoss(LossSpec.of("bct", 1, 0.1), search.id());
        assertThatThrownBy(() -> new TrainingJob(store, JobListener.NONE, new CancellationToken()).start(bct))
                .isInstanceOf(BadInputException.class).hasMessageContaining("is a search run, not a gallery model");
    }
}
