package org.cmpnas.views.common;

import java.util.Objects;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.SimpleObjectProperty;
import org.cmpnas.engine.store.RunStore;

/**
 * What every view shares: the run store the window works on and the chosen gallery model. Views
 * read it and propose changes here instead of talking to each other.
 */
public final class AppState {
    private final ReadOnlyObjectWrapper<RunStore> store;
    private final ObjectProperty<GalleryModel> galleryModel = new SimpleObjectProperty<>(this, "galleryModel");
    private final ObjectProperty<String> demoQueryRun = new SimpleObjectProperty<>(this, "demoQueryRun");

    public AppState(RunStore store) {
        this.store = new ReadOnlyObjectWrapper<>(this, "store", Objects.requireNonNull(store, "store"));
    }

    public ReadOnlyObjectProperty<RunStore> storeProperty() {
        return store.getReadOnlyProperty();
    }

    public RunStore store() {
        return store.get();
    }

    /** Switches to another store; the gallery model belongs to the old one and is forgotten. */
    public void switchStore(RunStore next) {
        Objects.requireNonNull(next, "store");
        if (!next.root().equals(store.get().root())) {
            galleryModel.set(null);
            demoQueryRun.set(null);
        }
        store.set(next);
    }

    /** Null until the user picks one in the Models view. */
    public ObjectProperty<GalleryModel> galleryModelProperty() {
        return galleryModel;
    }

    public GalleryModel galleryModel() {
        return galleryModel.get();
    }

    /** The run id of the query model the retrieval demo shows, or null: set by "open in retrieval demo". */
    public ObjectProperty<String> demoQueryRunProperty() {
        return demoQueryRun;
    }
}
