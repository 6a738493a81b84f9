package io.kboot.host;

import io.kboot.KbootException;

/** What a command left behind: its exit status and both output streams. */
public record ExecResult(int exitCode, String stdout, String stderr) {

    public ExecResult {
        stdout = stdout == null ? "" : stdout;
        stderr = stderr == null ? "" : stderr;
    }

    public static ExecResult success(String stdout) {
        return new ExecResult(0, stdout, "");
    }

    public boolean ok() {
        return exitCode == 0;
    }

    /**
     * Returns this result if the command succeeded; otherwise fails the step with the host, what
     * was being done, the exit status and the last line the command wrote to stderr.
     */
    public ExecResult orFail(Host host, String doing) {
        if (ok()) {
            return this;
        }
        String detail = lastLine(stderr.isBlank() ? stdout : stderr);
        throw new KbootException.StepFailed(host.name() + ": " + doing + " failed (exit " + exitCode + ")"
                + (detail.isEmpty() ? "" : ": " + detail));
    }

    /** The last line a failed command wrote to stderr, for a message; "no error message" when it wrote none. */
    public static String lastErrorLine(String stderr) {
        String line = lastLine(stderr);
        return line.isEmpty() ? "no error message" : line;
    }

    private static String lastLine(String text) {
        String trimmed = text.strip();
        int newline = trimmed.lastIndexOf('\n');
        return newline < 0 ? trimmed : trimmed.substring(newline + 1).strip();
    }
}
