package dev.vecgrad.study.report;

import dev.vecgrad.study.CaseStudyData;
import dev.vecgrad.study.Outcome;
import dev.vecgrad.study.Statistics;
import dev.vecgrad.study.Variant;
import java.util.List;
import java.util.Locale;

/** The console tables: the tutorial's numbers beside ours. */
public final class Tables {

    private Tables() {
    }

    /** A table for the tutorial's variants. */
    public static String caseStudy(List<Outcome> outcomes, int epochs, CaseStudyData data) {
        StringBuilder sb = new StringBuilder();
        int runs = outcomes.get(0).runs().size();
        String source = data.isTutorial() ? "make_circles(100, noise=0.1, random_state=1)" : data.source();
        sb.append(String.format(Locale.ROOT, "The tutorial's study: %s, %d train / %d test, %d epochs, %d run%s per"
                + " variant%n%n", source, CaseStudyData.TRAIN, data.testCount(), epochs, runs, runs == 1 ? "" : "s"));
        sb.append(String.format(Locale.ROOT, "%-3s %-36s %-22s %-30s %-17s %s%n", "", "variant", "train accuracy",
                "test accuracy" + (runs > 1 ? " (95% interval)" : ""), "tutorial (tr/te)", "s/run"));
        for (Outcome o : outcomes) {
            Variant v = Variant.of(o.id());
            String tutorial = Double.isNaN(v.tutorialTrain()) ? "-"
                    : String.format(Locale.ROOT, "%.3f / %.3f", v.tutorialTrain(), v.tutorialTest());
            sb.append(String.format(Locale.ROOT, "%-3s %-36s %-22s %-30s %-17s %.2f%n", o.id(), o.description(),
                    stat(o.train(), false), stat(o.test(), runs > 1), tutorial, o.secondsPerRun()));
        }
        return sb.toString();
    }

    /** A table for the noise grid. */
    public static String grid(String placement, List<Outcome> points, String bestId, int epochs) {
        StringBuilder sb = new StringBuilder();
        int runs = points.get(0).runs().size();
        sb.append(String.format(Locale.ROOT, "Grid search over the noise stddev, %s, %d epochs, %d run%s per point%n%n",
                placement, epochs, runs, runs == 1 ? "" : "s"));
        sb.append(String.format(Locale.ROOT, "%-10s %-22s %-30s %s%n", "stddev", "train accuracy",
                "test accuracy" + (runs > 1 ? " (95% interval)" : ""), "s/run"));
        for (Outcome o : points) {
            sb.append(String.format(Locale.ROOT, "%-10s %-22s %-30s %.2f%s%n", o.id(), stat(o.train(), false),
                    stat(o.test(), runs > 1), o.secondsPerRun(), o.id().equals(bestId) ? "   <- best" : ""));
        }
        return sb.toString();
    }

    /** {@code 0.800 +- 0.014} with several runs, {@code 0.800} with one; with the interval when asked. */
    public static String stat(Statistics s, boolean interval) {
        if (s.n() == 1) {
            return String.format(Locale.ROOT, "%.3f", s.mean());
        }
        String base = String.format(Locale.ROOT, "%.3f +- %.3f", s.mean(), s.std());
        return interval ? base + String.format(Locale.ROOT, " [%.3f, %.3f]", s.ciLow(), s.ciHigh()) : base;
    }
}
