package io.kboot.report;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kboot.workflow.PhaseListener;
import java.util.List;

/**
 * Everything a user sees of a run goes through here: progress lines, warnings, the dry-run plan
 * and the closing summary. Implementations write to injected writers, never to System.out, and
 * are safe to call from several hosts' threads at once.
 *
 * <p>Messages are tagged with the phase that is running, so phases only say what happened.
 */
public interface Reporter extends PhaseListener {

    /** Progress on a host: "[phase] host: message". A null host means no particular host. */
    void info(String host, String message);

    /**
     * How far a long piece of work on a host is (see {@link ProgressMeter}): a line in text mode,
     * a "progress" event with the numbers in JSON mode.
     */
    default void progress(String host, Progress progress) {
        info(host, progress.describe());
    }

    /** Something the user should look at; the run goes on. */
    void warn(String host, String message);

    /** Only shown with -v. */
    void detail(String host, String message);

    /** The changes a dry run recorded for one host. */
    void plan(String host, List<String> changes);

    /**
     * What the run produced for the user to act on, such as the join command: printed as plain
     * lines in text mode (no tag, to copy and paste), a "result" event in JSON mode.
     */
    void result(String title, List<String> lines);

    /**
     * A result that is also data, such as an upgrade plan: the lines in text mode, as {@link #result};
     * in JSON mode one "result" event whose {@code data} holds the same facts for a program to read.
     */
    default void result(String title, List<String> lines, ObjectNode data) {
        result(title, lines);
    }

    /**
     * A result whose lines carry secrets, such as the join command with its bootstrap token and
     * certificate key. Text mode prints it as {@link #result} does (kubeadm prints the command, and
     * the operator copies it); JSON mode marks the event {@code "secret": true}, so a consumer that
     * keeps its events (a CI log) can drop it.
     */
    default void secretResult(String title, List<String> lines) {
        result(title, lines);
    }

    /** Closes the run: a summary table in text mode, a summary event in JSON mode. */
    void summary(boolean succeeded);

    /** A reporter that drops everything, for library use and tests that do not look at output. */
    static Reporter silent() {
        return new SilentReporter();
    }
}
