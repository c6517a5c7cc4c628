package org.cmpnas.views.jobs;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import javafx.beans.property.ObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import org.cmpnas.engine.nas.SupernetConfig;
import org.cmpnas.engine.store.RunKind;
import org.cmpnas.engine.store.RunListing;
import org.cmpnas.engine.store.RunRecord;
import org.cmpnas.engine.store.RunStatus;
import org.cmpnas.views.common.Formats;
import org.cmpnas.views.common.GalleryModel;

/**
 * The runs the job forms can build on, kept up to date with the store: finished models (galleries),
 * finished supernets (and which of them are pair-mode) and finished searches with their budgets, newest
 * first, and the gallery model chosen in the Models view (the forms' default).
 */
public final class RunChoices {
    private static final Set<RunKind> MODEL_KINDS = EnumSet.of(RunKind.gallery, RunKind.query, RunKind.imported);

    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("d MMM HH:mm", Locale.ENGLISH);

    private final ObservableList<RunListing> runs;
    private final ObjectProperty<GalleryModel> chosenGallery;
    private final Function<RunRecord, List<String>> searchBudgets;
    private final Function<RunRecord, Optional<SupernetConfig>> supernetConfig;
    private final ObservableList<RunOption> galleries = FXCollections.observableArrayList();
    private final ObservableList<RunOption> supernets = FXCollections.observableArrayList();
    private final ObservableList<RunOption> searches = FXCollections.observableArrayList();
    private Map<String, List<String>> budgets = Map.of();
    private Set<String> pairSupernets = Set.of();
    private Map<String, SupernetConfig> supernetConfigs = Map.of();

    /**
     * @param runs          the store's runs (newest first), e.g. the run catalog's
     * @param chosenGallery the window's gallery model
     * @param searchBudgets a search run's budgets as configured, e.g. ["0.5M", "1M"] (read from its config)
     * @param supernetConfig how a supernet run was trained (read from its config), empty when unreadable
     */
    public RunChoices(ObservableList<RunListing> runs, ObjectProperty<GalleryModel> chosenGallery,
                      Function<RunRecord, List<String>> searchBudgets, Function<RunRecord, Optional<SupernetConfig>> supernetConfig) {
        this.runs = runs;
        this.chosenGallery = chosenGallery;
        this.searchBudgets = searchBudgets;
        this.supernetConfig = supernetConfig;
        runs.addListener((ListChangeListener<RunListing>) c -> reload());
        reload();
    }

    /** Finished models that can be a gallery: trained (gallery or query) or imported. */
    public ObservableList<RunOption> galleries() {
        return galleries;
    }

    public ObservableList<RunOption> supernets() {
        return supernets;
    }

    public ObservableList<RunOption> searches() {
        return searches;
    }

    /** Whether a run of the store already has this name (names need not be unique: ids tell runs apart). */
    public boolean isNameTaken(String name) {
        String n = name == null ? "" : name.trim();
        return !n.isEmpty() && runs.stream().flatMap(l -> l.record().stream()).anyMatch(r -> !r.deleted() && r.name().equals(n));
    }

    /** Whether the finished supernet {@code supernetId} was trained in pair mode (its gallery is its own largest subnet). */
    public boolean isPairSupernet(String supernetId) {
        return pairSupernets.contains(supernetId);
    }

    /** How the finished supernet {@code supernetId} was trained, if its config reads. */
    public Optional<SupernetConfig> supernetConfig(String supernetId) {
        return Optional.ofNullable(supernetConfigs.get(supernetId));
    }

    /** The budgets of a finished search, as it was configured; empty if unknown. */
    public List<String> budgetsOf(String searchId) {
        return budgets.getOrDefault(searchId, List.of());
    }

    public ObjectProperty<GalleryModel> chosenGalleryProperty() {
        return chosenGallery;
    }

    /** The gallery model chosen in the Models view, as an option, if it is among the galleries. */
    public Optional<RunOption> chosenGallery() {
        GalleryModel g = chosenGallery.get();
        return g == null ? Optional.empty() : find(galleries, g.runId());
    }

    static Optional<RunOption> find(List<RunOption> options, String id) {
        return id == null ? Optional.empty() : options.stream().filter(o -> o.id().equals(id)).findFirst();
    }

    /** When a run was made, short enough for a choice box: "26 Nov 17:59". */
    private static String when(RunRecord r) {
        return WHEN.format(r.createdAt().atZone(ZoneId.systemDefault()));
    }

    private void reload() {
        List<RunRecord> finished = runs.stream().flatMap(l -> l.record().stream())
                .filter(r -> r.status() == RunStatus.finished && !r.deleted()).toList();
        update(galleries, finished.stream().filter(r -> MODEL_KINDS.contains(r.kind()))
                .map(r -> new RunOption(r.id(), r.name(), Formats.count(r.macs()) + " MACs")).toList());
        List<RunRecord> supernetRuns = finished.stream().filter(r -> r.kind() == RunKind.supernet).toList();
        Map<String, SupernetConfig> configs = new java.util.HashMap<>();
        supernetRuns.forEach(r -> supernetConfig.apply(r).ifPresent(c -> configs.put(r.id(), c)));
        supernetConfigs = configs;
        pairSupernets = configs.entrySet().stream().filter(e -> e.getValue().pair()).map(Map.Entry::getKey).collect(Collectors.toSet());
        update(supernets, supernetRuns.stream()
                .map(r -> new RunOption(r.id(), r.name(), when(r) + (pairSupernets.contains(r.id()) ? " · pair mode" : ""))).toList());
        List<RunRecord> searchRuns = finished.stream().filter(r -> r.kind() == RunKind.search).toList();
        budgets = searchRuns.stream().collect(Collectors.toMap(RunRecord::id, searchBudgets));
        update(searches, searchRuns.stream().map(r -> new RunOption(r.id(), r.name(), when(r))).toList());
    }

    /**
     * Brings {@code list} to {@code now} by removing and inserting only what changed: replacing every item
     * would make each choice box that shows one of them lose its selection whenever the store is read again.
     */
    static void update(ObservableList<RunOption> list, List<RunOption> now) {
        list.retainAll(now);
        for (int i = 0; i < now.size(); i++) {
            RunOption option = now.get(i);
            if (i < list.size() && list.get(i).equals(option)) {
                continue;
            }
            list.remove(option);
            list.add(i, option);
        }
    }
}
