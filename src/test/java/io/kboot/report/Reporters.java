package io.kboot.report;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.time.Clock;
import java.util.List;
import java.util.function.Function;

/** Reporters for tests: what a run printed, kept in memory to read back. */
public final class Reporters {
    private Reporters() {}

    /** Text output as a user sees it without -v. */
    public static Captured capturing() {
        return new Captured(output -> new TextReporter(output.outWriter(), output.errWriter(), false));
    }

    /** Text output as with -v: detail lines, and a line as each phase starts and ends. */
    public static Captured capturingVerbose() {
        return new Captured(output -> new TextReporter(output.outWriter(), output.errWriter(), true));
    }

    /** JSON events, one a line on {@link Captured#out()}, stamped by the given clock. */
    public static Captured capturingJson(Clock clock) {
        return new Captured(output -> new JsonReporter(output.outWriter(), false, clock));
    }

    /** A reporter that keeps each progress report it gets, and drops everything else. */
    public static Reporter progressInto(List<Progress> seen) {
        return new SilentReporter() {
            @Override
            public void progress(String host, Progress progress) {
                seen.add(progress);
            }
        };
    }

    /** A reporter writing into memory: stdout and stderr apart, and both together in the order written. */
    public static final class Captured {
        private final StringWriter out = new StringWriter();
        private final StringWriter err = new StringWriter();
        private final StringWriter text = new StringWriter();
        private final Reporter reporter;

        private Captured(Function<Captured, Reporter> reporter) {
            this.reporter = reporter.apply(this);
        }

        public Reporter reporter() {
            return reporter;
        }

        /** Forgets what was written so far, so a test reads only what comes next. */
        public synchronized void clear() {
            out.getBuffer().setLength(0);
            err.getBuffer().setLength(0);
            text.getBuffer().setLength(0);
        }

        /** What went to stdout: info lines, plans, results, the summary. */
        public String out() {
            return read(out);
        }

        /** What went to stderr: warnings. */
        public String err() {
            return read(err);
        }

        /** Both streams as a terminal shows them, interleaved in the order written. */
        public String text() {
            return read(text);
        }

        /** Under the lock the writers hold, so a read never sees a line in one stream and not yet in the other. */
        private synchronized String read(StringWriter stream) {
            return stream.toString();
        }

        private PrintWriter outWriter() {
            return new PrintWriter(into(out), true);
        }

        private PrintWriter errWriter() {
            return new PrintWriter(into(err), true);
        }

        private Writer into(StringWriter stream) {
            return new Writer() {
                @Override
                public void write(char[] chars, int offset, int length) {
                    synchronized (Captured.this) {
                        stream.write(chars, offset, length);
                        text.write(chars, offset, length);
                    }
                }

                @Override
                public void flush() {}

                @Override
                public void close() {}
            };
        }
    }
}
