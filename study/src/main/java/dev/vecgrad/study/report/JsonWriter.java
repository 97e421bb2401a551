package dev.vecgrad.study.report;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * A small streaming JSON writer, enough for the study's documents: objects, arrays, strings,
 * numbers (NaN and infinities as null, which JSON lacks) and booleans, indented by two spaces.
 */
public final class JsonWriter {

    private final StringBuilder out = new StringBuilder();
    private final Deque<Boolean> firstInScope = new ArrayDeque<>();
    private boolean afterName;

    public JsonWriter beginObject() {
        valueStart();
        out.append('{');
        firstInScope.push(true);
        return this;
    }

    public JsonWriter endObject() {
        return end('}');
    }

    public JsonWriter beginArray() {
        valueStart();
        out.append('[');
        firstInScope.push(true);
        return this;
    }

    public JsonWriter endArray() {
        return end(']');
    }

    private JsonWriter end(char close) {
        boolean empty = firstInScope.pop();
        if (!empty) {
            newline();
        }
        out.append(close);
        return this;
    }

    /** A member name; the next value belongs to it. */
    public JsonWriter name(String name) {
        separator();
        string(name);
        out.append(": ");
        afterName = true;
        return this;
    }

    public JsonWriter value(String s) {
        valueStart();
        if (s == null) {
            out.append("null");
        } else {
            string(s);
        }
        return this;
    }

    public JsonWriter value(double v) {
        valueStart();
        out.append(Double.isFinite(v) ? numberText(v) : "null");
        return this;
    }

    public JsonWriter value(long v) {
        valueStart();
        out.append(v);
        return this;
    }

    public JsonWriter value(boolean v) {
        valueStart();
        out.append(v);
        return this;
    }

    /** Shorthands for a named member. */
    public JsonWriter field(String name, String v) {
        return name(name).value(v);
    }

    public JsonWriter field(String name, double v) {
        return name(name).value(v);
    }

    public JsonWriter field(String name, long v) {
        return name(name).value(v);
    }

    private static String numberText(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        return Double.toString(v);
    }

    private void valueStart() {
        if (afterName) {
            afterName = false;
            return;
        }
        separator();
    }

    private void separator() {
        if (firstInScope.isEmpty()) {
            return;
        }
        if (!firstInScope.peek()) {
            out.append(',');
        }
        firstInScope.pop();
        firstInScope.push(false);
        newline();
    }

    private void newline() {
        out.append('\n');
        out.append("  ".repeat(firstInScope.size()));
    }

    private void string(String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"':
                    out.append("\\\"");
                    break;
                case '\\':
                    out.append("\\\\");
                    break;
                case '\n':
                    out.append("\\n");
                    break;
                case '\t':
                    out.append("\\t");
                    break;
                default:
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
            }
        }
        out.append('"');
    }

    @Override
    public String toString() {
        return out.toString();
    }
}
