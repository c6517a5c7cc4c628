package org.cmpnas.engine.store;

import com.fasterxml.jackson.annotation.JsonProperty;

/** The config of a run a job made, as its run.json holds it. */
public interface StoredConfig {

    /** The run's name. */
    String name();

    /** The type marker written beside the fields ({@code training}, {@code supernet}, ...), so a reader knows the config's type without guessing. */
    @JsonProperty("type")
    String type();
}
