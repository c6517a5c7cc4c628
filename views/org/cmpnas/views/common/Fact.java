package org.cmpnas.views.common;

/** One labelled value of a details pane, e.g. ("MACs", "80.52M"). */
public record Fact(String label, String value) {
}
