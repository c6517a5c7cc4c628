package org.cmpnas.views.common;

import org.cmpnas.engine.nas.ExportConfig;
import org.cmpnas.engine.nas.SearchRunConfig;
import org.cmpnas.engine.nas.SupernetConfig;
import org.cmpnas.engine.train.TrainConfig;

/** A stored run's config, read back to fill the form that repeats it: one case per kind of job. */
public sealed interface RepeatableConfig {

    /** The run's name, for messages. */
    String name();

    record Training(TrainConfig config) implements RepeatableConfig {
        public String name() {
            return config.name();
        }
    }

    record Supernet(SupernetConfig config) implements RepeatableConfig {
        public String name() {
            return config.name();
        }
    }

    record Search(SearchRunConfig config) implements RepeatableConfig {
        public String name() {
            return config.name();
        }
    }

    record Export(ExportConfig config) implements RepeatableConfig {
        public String name() {
            return config.name();
        }
    }
}
