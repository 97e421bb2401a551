package dev.vecgrad.layers.datasets;

import java.util.List;

/** A labelled image data set's training and test splits, and the names of its classes. */
public record ImageData(LabeledImages train, LabeledImages test, List<String> classNames) {

    public ImageData {
        classNames = List.copyOf(classNames);
        if (train.classes() != classNames.size() || test.classes() != classNames.size()) {
            throw new IllegalArgumentException("splits of " + train.classes() + " and " + test.classes()
                    + " classes, but " + classNames.size() + " class names");
        }
    }
}
