package dev.vecgrad.study.report;

import dev.vecgrad.study.CaseStudyData;
import dev.vecgrad.study.Outcome;
import dev.vecgrad.study.Statistics;
import dev.vecgrad.study.Variant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code report.html}: one page, no scripts, no network: styles inline, images beside it in
 * the same folder. The tables, every figure, and a plain-language reading of the numbers.
 */
public final class HtmlReport {

    private final StringBuilder body = new StringBuilder();
    private final List<String> images = new ArrayList<>();
    private final String title;

    public HtmlReport(String title) {
        this.title = title;
    }

    public HtmlReport heading(String text) {
        body.append("<h2>").append(escape(text)).append("</h2>\n");
        return this;
    }

    public HtmlReport paragraph(String text) {
        body.append("<p>").append(escape(text)).append("</p>\n");
        return this;
    }

    /** A figure: an image file in the report's folder, with a caption. */
    public HtmlReport figure(String file, String caption) {
        images.add(file);
        body.append("<figure><img src=\"").append(escape(file)).append("\" alt=\"").append(escape(caption))
                .append("\"><figcaption>").append(escape(caption)).append("</figcaption></figure>\n");
        return this;
    }

    /** The files the page links to (images and data), for checking they all exist. */
    public List<String> images() {
        return List.copyOf(images);
    }

    public HtmlReport link(String file, String text) {
        images.add(file);
        body.append("<p><a href=\"").append(escape(file)).append("\">").append(escape(text)).append("</a></p>\n");
        return this;
    }

    /** A plain table: a header row and rows of text cells. */
    public HtmlReport table(List<String> header, List<List<String>> rows) {
        body.append("<table>\n<tr>");
        for (String h : header) {
            body.append("<th>").append(escape(h)).append("</th>");
        }
        body.append("</tr>\n");
        for (List<String> row : rows) {
            body.append("<tr>");
            for (String cell : row) {
                body.append("<td>").append(escape(cell)).append("</td>");
            }
            body.append("</tr>\n");
        }
        body.append("</table>\n");
        return this;
    }

    /** The table of the tutorial's variants, with its numbers beside ours. */
    public HtmlReport caseStudyTable(List<Outcome> outcomes) {
        boolean several = outcomes.get(0).runs().size() > 1;
        body.append("<table>\n<tr><th></th><th>variant</th><th>train accuracy</th><th>test accuracy</th>");
        if (several) {
            body.append("<th>test, 95% interval</th>");
        }
        body.append("<th>tutorial (train / test)</th><th>seconds per run</th></tr>\n");
        for (Outcome o : outcomes) {
            Variant v = Variant.of(o.id());
            body.append("<tr><td>").append(o.id()).append("</td><td>").append(escape(o.description())).append("</td><td>")
                    .append(Tables.stat(o.train(), false)).append("</td><td>").append(Tables.stat(o.test(), false))
                    .append("</td>");
            if (several) {
                body.append(String.format(Locale.ROOT, "<td>[%.3f, %.3f]</td>", o.test().ciLow(), o.test().ciHigh()));
            }
            String tutorial = Double.isNaN(v.tutorialTrain()) ? "&ndash;"
                    : String.format(Locale.ROOT, "%.3f / %.3f", v.tutorialTrain(), v.tutorialTest());
            body.append("<td>").append(tutorial).append("</td><td>")
                    .append(String.format(Locale.ROOT, "%.2f", o.secondsPerRun())).append("</td></tr>\n");
        }
        body.append("</table>\n");
        return this;
    }

    /** The table of a noise grid. */
    public HtmlReport gridTable(List<Outcome> points, String bestId) {
        body.append("<table>\n<tr><th>stddev</th><th>train accuracy</th><th>test accuracy</th>"
                + "<th>test, 95% interval</th><th>seconds per run</th></tr>\n");
        for (Outcome o : points) {
            boolean best = o.id().equals(bestId);
            body.append(best ? "<tr class=\"best\">" : "<tr>").append("<td>").append(o.id()).append(best ? " (best)" : "")
                    .append("</td><td>").append(Tables.stat(o.train(), false)).append("</td><td>")
                    .append(Tables.stat(o.test(), false)).append("</td>")
                    .append(String.format(Locale.ROOT, "<td>[%.3f, %.3f]</td><td>%.2f</td></tr>%n",
                            o.test().ciLow(), o.test().ciHigh(), o.secondsPerRun()));
        }
        body.append("</table>\n");
        return this;
    }

    /**
     * A short reading of the case study in words: did the network overfit without noise, and
     * did each kind of noise help, with the evidence's strength when there were several runs.
     */
    public static List<String> reading(List<Outcome> outcomes, CaseStudyData data) {
        List<String> lines = new ArrayList<>();
        Outcome none = null;
        for (Outcome o : outcomes) {
            if (o.id().equals("a")) {
                none = o;
            }
        }
        int runs = outcomes.get(0).runs().size();
        if (none != null) {
            lines.add(String.format(Locale.ROOT, "Without noise (a) the network reaches %.3f accuracy on its %d training"
                    + " points and %.3f on the %d test points%s.%s", none.train().mean(), CaseStudyData.TRAIN,
                    none.test().mean(), data.testCount(), runs > 1 ? " (means of " + runs + " runs)" : "",
                    none.train().mean() > none.test().mean() + 0.05 ? " With 500 hidden units for 30 points it"
                    + " learns the training set by heart and generalizes worse." : ""));
        }
        for (Outcome o : outcomes) {
            if (none == null || o.id().equals("a")) {
                continue;
            }
            double gain = o.test().mean() - none.test().mean();
            String change = gain > 0.005 ? String.format(Locale.ROOT, "%.1f points higher than", gain * 100)
                    : gain < -0.005 ? String.format(Locale.ROOT, "%.1f points lower than", -gain * 100) : "about the same as";
            String line = String.format(Locale.ROOT, "With %s (%s), test accuracy is %.3f, %s with no noise, and"
                    + " train accuracy is %.3f.", o.description(), o.id(), o.test().mean(), change, o.train().mean());
            if (runs > 1) {
                boolean separated = o.test().ciLow() > none.test().ciHigh() || o.test().ciHigh() < none.test().ciLow();
                line += separated ? " The 95% intervals do not overlap: the difference is larger than the run-to-run"
                        + " spread." : " The 95% intervals overlap: with " + runs + " runs the difference is within"
                        + " the run-to-run spread.";
            } else {
                line += " One run only: the difference may be chance; run with --runs 10 or more to see the spread.";
            }
            lines.add(line);
        }
        return lines;
    }

    /** A reading of a grid search. */
    public static List<String> gridReading(List<Outcome> points, String bestId, String placement) {
        List<String> lines = new ArrayList<>();
        Outcome best = points.stream().filter(p -> p.id().equals(bestId)).findFirst().orElseThrow();
        Outcome zero = points.stream().filter(p -> Double.parseDouble(p.id()) == 0).findFirst().orElse(null);
        lines.add(String.format(Locale.ROOT, "With %s, the best mean test accuracy, %.3f, came at stddev %s.",
                placement, best.test().mean(), best.id()));
        if (zero != null && zero != best) {
            Statistics z = zero.test();
            lines.add(String.format(Locale.ROOT, "Without noise (stddev 0) it was %.3f; the best setting is %.1f points"
                    + " higher%s.", z.mean(), (best.test().mean() - z.mean()) * 100,
                    best.test().ciLow() > z.ciHigh() ? ", with non-overlapping 95% intervals"
                            : ", though the 95% intervals overlap"));
        }
        return lines;
    }

    public String render() {
        return "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>" + escape(title)
                + "</title>\n<style>\n"
                + "body{font-family:sans-serif;max-width:1100px;margin:2em auto;padding:0 1em;color:#222;line-height:1.5}\n"
                + "h1{font-size:1.6em}h2{font-size:1.25em;margin-top:1.6em;border-bottom:1px solid #ddd}\n"
                + "table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;padding:.3em .7em;"
                + "text-align:left}th{background:#f3f3f3}tr.best td{font-weight:bold}\n"
                + "figure{margin:1.2em 0}img{max-width:100%;border:1px solid #eee}figcaption{color:#555;font-size:.9em}\n"
                + "</style>\n</head>\n<body>\n<h1>" + escape(title) + "</h1>\n" + body + "</body>\n</html>\n";
    }

    static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
