package org.cmpnas.views.shell;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Optional;
import org.cmpnas.engine.store.RunStore;
import org.cmpnas.engine.store.SampleRuns;
import org.cmpnas.views.TestRuns;
import org.cmpnas.views.common.AppState;
import org.cmpnas.views.common.RunCatalog;
import org.cmpnas.views.common.SameThreadLane;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SampleRunsOfferTest {
    @TempDir
    Path dir;

    @Test
    void anEmptyStoreIsOfferedTheSampleRunsWhichThenAppear() {
        RunStore shipped = new RunStore(dir.resolve("shipped"));
        TestRuns.finished(shipped, "paragon", "resnet-g", 88.5);
        TestRuns.finished(shipped, "tiny", "resnet-q", 79.25);
        AppState state = new AppState(new RunStore(dir.resolve("user")));
        RunCatalog catalog = new RunCatalog(state, new SameThreadLane());
        SampleRunsOffer offer = new SampleRunsOffer(state, catalog, new SameThreadLane(), Optional.of(new SampleRuns(shipped.root())));
        catalog.refresh();

        assertThat(offer.visibleProperty().get()).isTrue();
        assertThat(offer.message()).contains("2 sample runs");
        offer.accept();
        assertThat(catalog.runs()).hasSize(2);
        assertThat(state.galleryModel().runId()).as("the paragon becomes the gallery model").isEqualTo(catalog.runs().stream()
                .flatMap(l -> l.record().stream()).filter(r -> r.arch().equals("resnet-g")).findFirst().orElseThrow().id());
        assertThat(offer.visibleProperty().get()).isFalse();
        assertThat(offer.problemProperty().get()).isNull();
    }

    @Test
    void noOfferForAStoreWithRunsOrWithoutShippedRuns() {
        RunStore user = new RunStore(dir.resolve("user"));
        TestRuns.finished(user, "mine", "resnet-q", 70);
        AppState state = new AppState(user);
        RunCatalog catalog = new RunCatalog(state, new SameThreadLane());
        catalog.refresh();
        RunStore shipped = new RunStore(dir.resolve("shipped"));
        TestRuns.finished(shipped, "paragon", "resnet-g", 88.5);
        assertThat(new SampleRunsOffer(state, catalog, new SameThreadLane(), Optional.of(new SampleRuns(shipped.root())))
                .visibleProperty().get()).isFalse();

        AppState empty = new AppState(new RunStore(dir.resolve("empty")));
        RunCatalog none = new RunCatalog(empty, new SameThreadLane());
        none.refresh();
        assertThat(new SampleRunsOffer(empty, none, new SameThreadLane(), Optional.empty()).visibleProperty().get()).isFalse();
    }
}
