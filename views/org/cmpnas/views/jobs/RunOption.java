package org.cmpnas.views.jobs;

/**
 * A run a form can pick (a gallery model, a supernet, a search), as a choice box shows it.
 *
 * @param detail what tells it apart from runs of the same name, e.g. "80.52M MACs" or a date
 */
public record RunOption(String id, String name, String detail) {

    /** A run named in a config (a repeated run) that is not among the store's choices. */
    static RunOption missing(String id) {
        return new RunOption(id, id, null);
    }

    /** E.g. "resnet-g · 80.52M MACs". */
    public String label() {
        return detail == null ? name : name + " · " + detail;
    }
}
