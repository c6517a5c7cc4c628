package org.cmpnas.views.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.cmpnas.engine.model.SearchSpace;
import org.cmpnas.engine.nas.ExportConfig;
import org.cmpnas.engine.nas.MacsBudgets;
import org.cmpnas.engine.nas.SearchRunConfig;
import org.cmpnas.engine.nas.SupernetConfig;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The CMP-NAS forms: supernet, search and export, validated as typed. */
class NasFormsTest {
    private final RunOption gallery = new RunOption("g-1", "resnet-g", "80.52M MACs");
    private final RunOption olderSupernet = new RunOption("s-1", "supernet bct", "26 Nov 10:00");
    private final RunOption newerSupernet = new RunOption("s-2", "supernet l2", "26 Nov 11:00");
    private final RunOption pairSupernet = new RunOption("p-1", "supernet pair bct+l2", "27 Nov 02:35 · pair mode");
    private final RunOption search = new RunOption("x-1", "search 0.5M,1M", "26 Nov 12:00");

    @Nested
    class Supernet {
        private final ObservableList<RunOption> galleries = FXCollections.observableArrayList(gallery);
        private final SupernetFormViewModel form = new SupernetFormViewModel(galleries);

        @Test
        void defaultsAreFilledInAndOnlyTheGalleryIsMissing() {
            assertThat(form.epochsProperty().get()).isEqualTo(Integer.toString(SupernetConfig.DEFAULT_EPOCHS));
            assertThat(form.limitProperty().get()).isEqualTo("0");
            assertThat(form.lossProperty().get()).isEqualTo("bct+l2");
            assertThat(form.budgetsProperty().get()).isEqualTo(SupernetConfig.DEFAULT_BUDGETS);
            assertThat(form.galleryErrorProperty().get()).isEqualTo("choose the gallery model every subnet is made compatible with");
            assertThat(form.isValid()).isFalse();
            form.proposeGallery(gallery);
            assertThat(form.isValid()).isTrue();
            assertThat(form.config()).isEqualTo(SupernetConfig.defaults("g-1").withName("supernet bct+l2"));
            form.budgetsProperty().set("0.1M");
            assertThat(form.budgetsErrorProperty().get()).contains("below the smallest subnet");
            form.budgetsProperty().set(SupernetConfig.DEFAULT_BUDGETS);
            assertThat(form.elasticResolutionProperty().get()).isTrue(); // the default
            assertThat(form.config().resolutionList()).containsExactly(16, 20, 24, 28);
            form.elasticResolutionProperty().set(false);
            assertThat(form.config().resolutionList()).containsExactly(28);
            form.elasticResolutionProperty().set(true);
            form.budgetsProperty().set(" "); // whole-space sampling: full resolution, the box does not apply
            assertThat(form.resolutionApplies().get()).isFalse();
            assertThat(form.isValid()).isTrue();
            assertThat(form.config().sampling()).isEqualTo("whole-space");
            assertThat(form.config().resolutionList()).containsExactly(28);
        }

        @Test
        void fieldsSayWhatIsWrong() {
            form.proposeGallery(gallery);
            form.epochsProperty().set("two");
            form.limitProperty().set("-1");
            form.lambdaProperty().set("-3");
            assertThat(form.epochsErrorProperty().get()).isEqualTo("not a whole number, e.g. " + SupernetConfig.DEFAULT_EPOCHS);
            assertThat(form.limitErrorProperty().get()).isEqualTo("must not be negative (0 uses every training image)");
            assertThat(form.lambdaErrorProperty().get()).isEqualTo("must be between 0 and 100");
            assertThat(form.isValid()).isFalse();
        }

        @Test
        void contrastiveAsksForATemperatureAndRepeatsRoundTrip() {
            form.proposeGallery(gallery);
            form.lossProperty().set("contrastive");
            assertThat(form.usesTemperatureProperty().get()).isTrue();
            form.temperatureProperty().set("abc");
            assertThat(form.temperatureErrorProperty().get()).isEqualTo("not a number, e.g. 0.1");
            form.temperatureProperty().set("0.2");
            SupernetConfig c = form.config();
            assertThat(c.loss().text()).isEqualTo("contrastive");
            assertThat(c.loss().temperature()).isEqualTo(0.2);

            SupernetFormViewModel again = new SupernetFormViewModel(galleries);
            again.fill(c);
            assertThat(again.config()).isEqualTo(c);
        }

        @Test
        void pairModeNeedsNoGalleryAndRepeatsRoundTrip() {
            galleries.clear();
            assertThat(form.isValid()).isFalse();
            form.pairProperty().set(true);
            assertThat(form.galleryErrorProperty().get()).isNull();
            assertThat(form.isValid()).isTrue();
            form.lossProperty().set("bct+l2");
            SupernetConfig c = form.config();
            assertThat(c).isEqualTo(SupernetConfig.pairDefaults().withName("supernet bct+l2"));

            SupernetFormViewModel again = new SupernetFormViewModel(galleries);
            again.fill(c);
            assertThat(again.pairProperty().get()).isTrue();
            assertThat(again.config()).isEqualTo(c);
            again.pairProperty().set(false);
            assertThat(again.isValid()).isFalse(); // back to an external gallery, and none is there
        }
    }

    @Nested
    class Search {
        private final ObservableList<RunOption> supernets = FXCollections.observableArrayList(newerSupernet, olderSupernet, pairSupernet);
        private final SearchFormViewModel form = new SearchFormViewModel(supernets,
                id -> java.util.Optional.of(id.equals("p-1") ? SupernetConfig.pairDefaults() : SupernetConfig.defaults("g-1").withBudgets(null).withResolutions(null)));

        @Test
        void aBudgetAboveWhatABudgetAwareSupernetWasTrainedForIsRefusedAsTyped() {
            SearchFormViewModel budgetAware = new SearchFormViewModel(supernets, id -> java.util.Optional.of(SupernetConfig.defaults("g-1")));
            assertThat(budgetAware.budgetsHintProperty().get()).isEqualTo("this supernet was trained for budgets up to 2.40M MACs");
            budgetAware.budgetsProperty().set("1M,5M");
            assertThat(budgetAware.budgetsErrorProperty().get()).contains("5.00M is above 2.40M").contains("s-2");
            assertThat(budgetAware.isValid()).isFalse();
            budgetAware.budgetsProperty().set("1M,2.4M");
            assertThat(budgetAware.budgetsErrorProperty().get()).isNull();
            // a whole-space supernet takes any budget of the space
            assertThat(form.budgetsHintProperty().get()).startsWith("subnets have");
            form.budgetsProperty().set("1M,5M");
            assertThat(form.budgetsErrorProperty().get()).isNull();
        }

        @Test
        void theNewestSupernetAndTheDefaultsAreFilledIn() {
            assertThat(form.supernetProperty().get()).isEqualTo(newerSupernet);
            assertThat(form.budgetsProperty().get()).isEqualTo(SearchFormViewModel.DEFAULT_BUDGETS);
            assertThat(form.populationProperty().get()).isEqualTo("24");
            assertThat(form.costHintProperty().get()).isEqualTo("≤ 204 rewards a budget");
            assertThat(form.isValid()).isTrue();
            SearchRunConfig c = form.config();
            assertThat(c.supernet()).isEqualTo("s-2");
            assertThat(c.name()).isEqualTo("search " + SearchFormViewModel.DEFAULT_BUDGETS);
        }

        @Test
        void anImpossibleBudgetNamesTheSmallestSubnet() {
            form.budgetsProperty().set("0.1M,1M");
            String smallest = MacsBudgets.format(SearchSpace.smallest().macs());
            assertThat(form.budgetsErrorProperty().get()).contains("below the smallest subnet").contains(smallest);
            assertThat(form.isValid()).isFalse();
            form.budgetsProperty().set("1M,lots");
            assertThat(form.budgetsErrorProperty().get()).contains("'lots' is not a number of MACs");
            form.budgetsProperty().set("1M,1000K");
            assertThat(form.budgetsErrorProperty().get()).contains("are the same budget");
            form.budgetsProperty().set("1M, 2M");
            assertThat(form.budgetsErrorProperty().get()).isNull();
            assertThat(form.budgetList()).containsExactly(1_000_000L, 2_000_000L);
        }

        @Test
        void populationAndGenerationsComeWithTheEnginesRules() {
            form.populationProperty().set("1");
            form.generationsProperty().set("x");
            assertThat(form.populationErrorProperty().get()).isEqualTo("must be between 2 and 10000");
            assertThat(form.generationsErrorProperty().get()).isEqualTo("not a whole number, e.g. 10");
            assertThat(form.costHintProperty().get()).isNull();
            assertThat(form.isValid()).isFalse();
        }

        @Test
        void withoutSupernetsTheFormSaysToTrainOne() {
            supernets.clear();
            SearchFormViewModel empty = new SearchFormViewModel(supernets, id -> java.util.Optional.empty());
            assertThat(empty.supernetErrorProperty().get()).startsWith("no finished supernet in this store yet");
            assertThat(empty.isValid()).isFalse();
            supernets.add(olderSupernet); // a supernet finished meanwhile
            assertThat(empty.supernetProperty().get()).isEqualTo(olderSupernet);
            assertThat(empty.isValid()).isTrue();
        }

        @Test
        void aGalleryBudgetIsOnlyForAPairModeSupernet() {
            assertThat(form.pairModeProperty().get()).isFalse();
            assertThat(form.galleryBudgetHintProperty().get()).isEqualTo("pair-mode supernets only: this one searches against its gallery model");
            form.galleryBudgetProperty().set("nonsense"); // not used, so not checked
            assertThat(form.galleryBudgetErrorProperty().get()).isNull();
            assertThat(form.config().galleryBudget()).isNull();

            form.supernetProperty().set(pairSupernet);
            assertThat(form.pairModeProperty().get()).isTrue();
            assertThat(form.galleryBudgetErrorProperty().get()).contains("'nonsense' is not a number of MACs");
            assertThat(form.isValid()).isFalse();
            form.galleryBudgetProperty().set("0.1M");
            assertThat(form.galleryBudgetErrorProperty().get()).contains("below the smallest subnet")
                    .contains(MacsBudgets.format(SearchSpace.smallest().macs()));
            assertThat(form.isValid()).isFalse();
            form.galleryBudgetProperty().set(" 20M ");
            assertThat(form.galleryBudgetErrorProperty().get()).isNull();
            assertThat(form.isValid()).isTrue();
            assertThat(form.config().galleryBudget()).isEqualTo("20M");
            assertThat(form.config().galleryBudgetMacs()).isEqualTo(20_000_000L);

            form.galleryBudgetProperty().set("");
            assertThat(form.galleryBudgetHintProperty().get()).startsWith("empty: the largest subnet (")
                    .contains(MacsBudgets.format(SearchSpace.largest().macs()));
            assertThat(form.config().galleryBudget()).isNull();
        }

        @Test
        void repeatingAPairSearchFillsItsGalleryBudgetBack() {
            SearchRunConfig run = SearchRunConfig.defaults("p-1", "1M,2M").withGalleryBudget("30M");
            form.fill(run);
            assertThat(form.supernetProperty().get()).isEqualTo(pairSupernet);
            assertThat(form.galleryBudgetProperty().get()).isEqualTo("30M");
            assertThat(form.config()).isEqualTo(new SearchRunConfig("search 1M,2M", "p-1", "1M,2M", run.evolution(), 1, "mAP", 8, 64, "30M"));
            form.reset();
            assertThat(form.galleryBudgetProperty().get()).isEmpty();
            assertThat(form.supernetProperty().get()).isEqualTo(pairSupernet);
        }

        @Test
        void repeatingASearchKeepsItsHiddenSettings() {
            SearchRunConfig run = SearchRunConfig.defaults("s-1", "0.75M").withSeed(5).withMetric("top1").withCalibration(4, 32);
            form.fill(run);
            assertThat(form.supernetProperty().get()).isEqualTo(olderSupernet);
            assertThat(form.nameProperty().get()).isEqualTo(""); // "search" is the engine's default name
            assertThat(form.config()).isEqualTo(new SearchRunConfig("search 0.75M", "s-1", "0.75M", run.evolution(), 5, "top1", 4, 32));
        }
    }

    @Nested
    class Export {
        private final ObservableList<RunOption> searches = FXCollections.observableArrayList(search);
        private final Map<String, List<String>> budgets = Map.of("x-1", List.of("0.5M", "1M"));
        private final ExportFormViewModel form = new ExportFormViewModel(searches, id -> budgets.getOrDefault(id, List.of()));

        @Test
        void theNewestSearchAndItsFirstBudgetAreFilledIn() {
            assertThat(form.searchProperty().get()).isEqualTo(search);
            assertThat(form.budgets()).containsExactly("0.5M", "1M");
            assertThat(form.budgetProperty().get()).isEqualTo("0.5M");
            assertThat(form.isValid()).isTrue();
            assertThat(form.config()).isEqualTo(ExportConfig.of("x-1", "0.5M", 0));
        }

        @Test
        void aBudgetTheSearchDidNotLookForIsRefused() {
            form.budgetProperty().set("2M");
            assertThat(form.budgetErrorProperty().get()).isEqualTo("not one of the search's budgets (0.5M, 1M)");
            form.budgetProperty().set("1000K"); // the same budget written differently
            assertThat(form.budgetErrorProperty().get()).isNull();
            form.finetuneEpochsProperty().set("-1");
            assertThat(form.finetuneErrorProperty().get()).isEqualTo("must be between 0 and 10000");
            assertThat(form.isValid()).isFalse();
        }

        @Test
        void fineTuningAndANameGoIntoTheConfig() {
            form.finetuneEpochsProperty().set("2");
            form.seedProperty().set("3");
            form.nameProperty().set("tiny query");
            ExportConfig c = form.config();
            assertThat(c.finetune().epochs()).isEqualTo(2);
            assertThat(c.finetune().seed()).isEqualTo(3);
            assertThat(c.name()).isEqualTo("tiny query");
        }
    }
}
