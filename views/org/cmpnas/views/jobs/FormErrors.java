package org.cmpnas.views.jobs;

import java.util.ArrayList;
import java.util.List;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.ReadOnlyStringWrapper;

/** The error messages of one form's fields (null: fine) and whether all of them are null. */
final class FormErrors {
    private final Object owner;
    private final List<ReadOnlyStringWrapper> errors = new ArrayList<>();

    FormErrors(Object owner) {
        this.owner = owner;
    }

    /** A new field message, part of the form's validity. */
    ReadOnlyStringWrapper add(String name) {
        ReadOnlyStringWrapper error = new ReadOnlyStringWrapper(owner, name);
        errors.add(error);
        return error;
    }

    /** True while no field has a message; make it after the last {@link #add}. */
    BooleanBinding valid() {
        List<ReadOnlyStringWrapper> all = List.copyOf(errors);
        return Bindings.createBooleanBinding(() -> all.stream().allMatch(e -> e.get() == null),
                all.toArray(ReadOnlyStringWrapper[]::new));
    }
}
