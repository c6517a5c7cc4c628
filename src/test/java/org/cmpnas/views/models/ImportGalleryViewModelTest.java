package org.cmpnas.views.models;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.cmpnas.engine.BadInputException;
import org.cmpnas.engine.jobs.Job;
import org.cmpnas.engine.model.GalleryImport;
import org.cmpnas.views.common.SameThreadJobRunner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImportGalleryViewModelTest {
    @TempDir
    Path dir;
    private final List<GalleryImport.Request> requests = new ArrayList<>();
    private final AtomicInteger refreshed = new AtomicInteger();

    private ImportGalleryViewModel vm(String outcome) {
        return new ImportGalleryViewModel(new SameThreadJobRunner(), r -> {
            requests.add(r);
            return Job.of("import", (l, t) -> {
                if (outcome.startsWith("fail:")) {
                    throw new BadInputException(outcome.substring(5));
                }
                return outcome;
            });
        }, refreshed::incrementAndGet);
    }

    @Test
    void everyFieldIsCheckedAsTyped() throws IOException {
        ImportGalleryViewModel vm = vm("run-1");
        assertThat(vm.torchscriptErrorProperty().get()).startsWith("required");
        assertThat(vm.validProperty().get()).isFalse();

        vm.torchscriptProperty().set(dir.resolve("missing.pt").toString());
        assertThat(vm.torchscriptErrorProperty().get()).isEqualTo("no such file");
        vm.torchscriptProperty().set(dir.toString());
        assertThat(vm.torchscriptErrorProperty().get()).isEqualTo("is a folder, not a file");

        Path module = Files.writeString(dir.resolve("big.pt"), "not really torchscript");
        vm.torchscriptProperty().set(module.toString());
        assertThat(vm.torchscriptErrorProperty().get()).isNull();
        assertThat(vm.nameProperty().get()).isEqualTo("big"); // proposed from the file
        assertThat(vm.macsErrorProperty().get()).isEqualTo("required: no sidecar big.json or .macs next to the module");

        vm.macsProperty().set("many");
        assertThat(vm.macsErrorProperty().get()).isEqualTo("not a whole number of MACs, e.g. 80520000");
        vm.macsProperty().set("0");
        assertThat(vm.macsErrorProperty().get()).isEqualTo("must be a positive number of MACs");
        vm.macsProperty().set("");
        Files.writeString(dir.resolve("big.json"), "{\"macs\": 7568}");
        vm.torchscriptProperty().set(module.toString() + " "); // re-checked; spaces around a path do not matter
        assertThat(vm.macsErrorProperty().get()).isNull();
        assertThat(vm.macsHintProperty().get()).isEqualTo("blank: read from big.json");

        Path text = Files.writeString(dir.resolve("classifier.txt"), "1 2 3");
        vm.classifierProperty().set(text.toString());
        assertThat(vm.classifierErrorProperty().get()).isEqualTo("must be a NumPy .npy file (classes × 128, float32)");
        vm.classifierProperty().set("");
        assertThat(vm.classifierHintProperty().get()).contains("not bct");
        vm.nameProperty().set(" ");
        assertThat(vm.nameErrorProperty().get()).startsWith("required");
        assertThat(vm.canImportProperty().get()).isFalse();
        vm.nameProperty().set("their gallery");
        assertThat(vm.canImportProperty().get()).isTrue();
        assertThat(vm.request()).isEqualTo(new GalleryImport.Request(module, null, "their gallery", null, null));
    }

    @Test
    void aSuccessfulImportReportsTheRunAndRefreshesTheStore() throws IOException {
        ImportGalleryViewModel vm = vm("run-7");
        vm.torchscriptProperty().set(Files.writeString(dir.resolve("g.pt"), "x").toString());
        vm.macsProperty().set("80520000");
        assertThat(vm.startImport()).isTrue();
        assertThat(requests).singleElement().satisfies(r -> assertThat(r.macs()).isEqualTo(80_520_000L));
        assertThat(vm.importedRunProperty().get()).isEqualTo("run-7");
        assertThat(vm.busyProperty().get()).isFalse();
        assertThat(refreshed.get()).isEqualTo(1);
    }

    @Test
    void aFailedImportKeepsTheDialogOpenWithTheEnginesReason() throws IOException {
        ImportGalleryViewModel vm = vm("fail:big.pt is not a TorchScript module: PytorchStreamReader failed");
        vm.torchscriptProperty().set(Files.writeString(dir.resolve("big.pt"), "x").toString());
        vm.macsProperty().set("100");
        vm.startImport();
        assertThat(vm.failureProperty().get()).isEqualTo("big.pt is not a TorchScript module: PytorchStreamReader failed");
        assertThat(vm.importedRunProperty().get()).isNull();
        assertThat(vm.canImportProperty().get()).isTrue(); // fix the file and try again
        assertThat(refreshed.get()).isZero();
    }
}
