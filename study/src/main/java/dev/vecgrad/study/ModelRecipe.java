package dev.vecgrad.study;

import dev.vecgrad.layers.models.Sequential;
import java.io.Serializable;
import java.util.function.LongFunction;

/**
 * How a study builds and compiles one of its models from a run's seed. Serializable, so that a
 * run can be trained in another JVM: a lambda written where a recipe is expected is serializable
 * when what it captures is (an enum, numbers, strings, the study's data; not a {@code Path}).
 */
@FunctionalInterface
public interface ModelRecipe extends LongFunction<Sequential>, Serializable {
}
