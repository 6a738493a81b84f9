package io.kboot.script;

import io.kboot.host.Shell;
import io.kboot.templates.Templates;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A sh script, or a few lines of one, from {@code templates/} ({@code hostprep/undo/file-written.sh}).
 * Each {@code {{name}}} placeholder gets a word quoted for sh ({@link Shell#quote}: a word that
 * needs no quoting stays as it is), so a value can never become code; a placeholder without a
 * value is an error. Only text that is itself script (lines rendered from another template)
 * goes in unquoted, through {@link #script}. Lines starting {@code #:} are the template's own
 * comments (why a line is as it is) and are not sent.
 */
public final class ShellTemplate {
    private static final Pattern COMMENT = Pattern.compile("(?m)^#:.*\n");
    private final String name;
    private final Map<String, String> values = new HashMap<>();

    private ShellTemplate(String name) {
        this.name = name;
    }

    public static ShellTemplate of(String name) {
        return new ShellTemplate(name);
    }

    /** A template without placeholders, without its {@code #:} comments. */
    public static String load(String name) {
        return withoutComments(Templates.load(name));
    }

    private static String withoutComments(String text) {
        return COMMENT.matcher(text).replaceAll("");
    }

    /** One word, quoted for sh. */
    public ShellTemplate word(String placeholder, Object value) {
        values.put(placeholder, Shell.quote(String.valueOf(value)));
        return this;
    }

    /** Several words, each quoted, separated by spaces. */
    public ShellTemplate words(String placeholder, Collection<String> words) {
        values.put(placeholder, Shell.quoteAll(words));
        return this;
    }

    /** Script text (rendered from other templates, or the lines of a here-document), inserted unquoted. */
    public ShellTemplate script(String placeholder, String text) {
        values.put(placeholder, text);
        return this;
    }

    public String render() {
        return Templates.fill(name, load(name), values);
    }
}
