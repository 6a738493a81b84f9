package io.kboot.host;

import java.time.Duration;
import java.util.Base64;
import java.util.Optional;

/**
 * A host whose commands and file writes run as root through {@code sudo -n}, for a login user
 * that is not root: an SSH target with {@code --sudo}, or kboot itself started by a user.
 *
 * <p>Scripts run as {@code exec sudo -n sh -c '<script>'}. Uploads are written by the login user
 * to a 0600 file in its home, then one root script copies it (umask 077) to a temporary name in
 * the target directory, sets owner and mode, and renames it into place. Reads and checks go to
 * the wrapped host first and fall back to {@code base64} and {@code test} as root only where the
 * login user is denied.
 */
public final class SudoHost extends ForwardingHost {

    private static final int NO_SUCH_FILE = 44;
    private static final Duration CHECK_TIMEOUT = Duration.ofSeconds(30);

    private final String user;
    private volatile String home;

    private SudoHost(Host delegate, String user) {
        super(delegate);
        this.user = user;
    }

    /**
     * Wraps {@code delegate}, once {@code sudo -n} is known to work for {@code user}: a sudo that
     * wants a password would otherwise fail every step later with a less obvious message.
     *
     * @throws HostException saying what to fix: a password is required, or sudo is not installed
     */
    public static SudoHost open(Host delegate, String user) {
        SudoHost host = new SudoHost(delegate, user);
        host.checkSudo();
        return host;
    }

    /**
     * The script as root runs it: {@code exec sudo -n sh -c '<script>'}; a script too long for one
     * argument is saved to a temporary file (a here-document) that root's sh runs with stdin closed.
     */
    public static String asRoot(String script) {
        String quoted = Shell.quote(script);
        if (quoted.length() <= Shell.MAX_INLINE_SCRIPT) {
            return "exec sudo -n sh -c " + quoted;
        }
        String end;
        do {
            end = "KBOOT_SCRIPT_" + FilePaths.randomHex();
        } while (script.contains(end));
        return "f=$(mktemp) || exit 125\ntrap 'rm -f \"$f\"' EXIT\ncat > \"$f\" <<'" + end + "' || exit 125\n"
                + script + (script.endsWith("\n") ? "" : "\n") + end + "\nsudo -n sh \"$f\" < /dev/null";
    }

    @Override
    public ExecResult exec(Command command) {
        return delegate.exec(command.withScript(asRoot(command.script())));
    }

    @Override
    public void upload(Content content, String path, FileAttributes attributes) {
        String staged = home() + "/.kboot-upload-" + FilePaths.randomHex();
        boolean done = false;
        try {
            delegate.upload(content, staged, FileAttributes.PRIVATE);
            ExecResult installed = exec(Command.change(installScript(staged, path, attributes)));
            if (!installed.ok()) {
                throw new HostException(name(), "cannot write " + path + ": " + ExecResult.lastErrorLine(installed.stderr()));
            }
            done = true;
        } finally {
            if (!done) {
                removeQuietly(staged);
            }
        }
    }

    /** Directories get the usual mode; the copy is owner-only until chmod, and the source goes either way. */
    private static String installScript(String staged, String path, FileAttributes attributes) {
        String dir = FilePaths.parent(path);
        StringBuilder script = new StringBuilder()
                .append("set -e\n")
                .append("src=").append(Shell.quote(staged)).append('\n')
                .append("tmp=").append(Shell.quote(FilePaths.temporarySibling(path))).append('\n')
                .append("trap 'rm -f -- \"$tmp\" \"$src\"' EXIT\n")
                .append("mkdir -p -- ").append(Shell.quote(dir)).append('\n')
                .append("umask 077\n")
                .append("cp -- \"$src\" \"$tmp\"\n");
        attributes.chownSpec().ifPresent(owner -> script.append("chown -- ").append(Shell.quote(owner)).append(" \"$tmp\"\n"));
        return script.append("chmod -- ").append(attributes.octal()).append(" \"$tmp\"\n")
                .append("mv -f -- \"$tmp\" ").append(Shell.quote(path)).append('\n')
                .toString();
    }

    @Override
    public Optional<byte[]> read(String path) {
        try {
            return delegate.read(path);
        } catch (HostException.PermissionDenied denied) {
            String file = Shell.quote(path);
            // base64, so that a binary file survives the trip through a command's text output.
            ExecResult read = exec(Command.query("[ -e " + file + " ] || exit " + NO_SUCH_FILE + "\nexec base64 -- " + file));
            if (read.exitCode() == NO_SUCH_FILE) {
                return Optional.empty();
            }
            if (!read.ok()) {
                throw new HostException(name(), "cannot read " + path + ": " + ExecResult.lastErrorLine(read.stderr()));
            }
            return Optional.of(Base64.getMimeDecoder().decode(read.stdout()));
        }
    }

    @Override
    public boolean exists(String path) {
        try {
            return delegate.exists(path);
        } catch (HostException.PermissionDenied denied) {
            String file = Shell.quote(path);
            ExecResult test = exec(Command.query("[ -e " + file + " ] || [ -L " + file + " ]"));
            if (test.exitCode() > 1) {
                throw new HostException(name(), "cannot check " + path + ": " + ExecResult.lastErrorLine(test.stderr()));
            }
            return test.ok();
        }
    }

    @Override
    public String toString() {
        return "SudoHost[" + delegate + "]";
    }

    private void checkSudo() {
        ExecResult check = delegate.exec(Command.query("exec sudo -n true").withTimeout(CHECK_TIMEOUT));
        if (check.ok()) {
            return;
        }
        if (check.stderr().contains("password is required")) {
            throw new HostException(name(), "sudo requires a password for user " + user
                    + "; configure NOPASSWD sudo or connect as root");
        }
        if (check.exitCode() == 127 || check.stderr().contains("not found")) {
            throw new HostException(name(), "sudo is not installed; install it or connect as root");
        }
        throw new HostException(name(), "sudo -n true failed for user " + user + " (exit " + check.exitCode() + "): "
                + ExecResult.lastErrorLine(check.stderr()));
    }

    /** The login user's home, where uploads are staged: asked once. */
    private String home() {
        String known = home;
        if (known == null) {
            ExecResult echoed = delegate.exec(Command.query("printf '%s' \"$HOME\""));
            if (!echoed.ok() || echoed.stdout().isBlank()) {
                throw new HostException(name(),
                        "cannot find the home directory of " + user + ": " + ExecResult.lastErrorLine(echoed.stderr()));
            }
            home = known = echoed.stdout();
        }
        return known;
    }

    private void removeQuietly(String staged) {
        try {
            delegate.exec(Command.change("exec rm -f -- " + Shell.quote(staged)));
        } catch (HostException e) {
            // Best effort: the original failure is what matters.
        }
    }
}
