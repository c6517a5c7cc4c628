package org.cmpnas.views.runs;

import java.util.List;
import java.util.Optional;
import org.cmpnas.engine.store.RunRecord;
import org.cmpnas.views.common.Fact;
import org.cmpnas.engine.catalogue.RunConfig;

/**
 * Reads a run's stored configuration. A run keeps its config as JSON, which the views do not parse
 * themselves (the layering keeps JSON in the engine and the app), so the app passes this in.
 */
public interface RunConfigs {

    /** The config's settings as labelled values, in stored order (nested values flattened as a.b). */
    List<Fact> describe(RunRecord run);

    /**
     * The config to repeat the run with (training, supernet, search or export); empty for runs that
     * cannot be repeated (imports) or whose config this version cannot read.
     */
    Optional<RunConfig> repeatable(RunRecord run);
}
