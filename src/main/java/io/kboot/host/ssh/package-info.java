/**
 * SSH hosts, with sshj confined to this package: no sshj type appears in a public signature.
 *
 * <p>Entry point: {@link io.kboot.host.ssh.SshConnector} turns {@link io.kboot.host.ssh.SshTarget}s
 * (parsed from {@code [user@]host[:port]}) into connected {@link io.kboot.host.Host}s, one at a
 * time or all in parallel. {@link io.kboot.host.ssh.SshOptions} holds what is shared by a run
 * (home directory, passphrase prompt, retries, channels per host).
 *
 * <p>Decisions:
 *
 * <ul>
 *   <li><b>Trust.</b> Host keys are checked against known_hosts (OpenSSH format, hashed entries
 *       too; plus the read-only /etc/ssh/ssh_known_hosts). Unknown keys are refused unless the
 *       user passes {@code --accept-new-host-key}, which appends them (file created 0600). A
 *       changed key, a key of a type other than the known one, and a {@code @revoked} key are
 *       always refused, with both fingerprints. Jump hosts follow the same rules.
 *   <li><b>Commands.</b> One connection per host; each command is one channel running
 *       {@code exec sh -c '<script>'} as the login user (with sudo,
 *       {@link io.kboot.host.SudoHost} around the host makes that {@code exec sudo -n sh -c '<script>'}), with
 *       stdin at end of file like {@link io.kboot.host.LocalHost}. {@code sh -c} rather than the
 *       script on the stdin of {@code sh -s}, because with {@code sh -s} any command in the script
 *       that reads stdin would swallow the rest of the script. Scripts over 96 KiB (Linux caps
 *       one argument at 128 KiB) do travel on stdin, into a temporary file run with stdin
 *       closed. sshd always starts the login shell, so each command pays its startup (and, for
 *       bash, ~/.bashrc): steps batch their work into one script. TCP_NODELAY is on: without it
 *       Nagle's algorithm and delayed ACKs add ~40 ms to back-to-back commands.
 *   <li><b>Channels.</b> At most 8 at a time per connection (the SFTP session included), under
 *       sshd's default MaxSessions of 10, plus one spare for killing timed-out commands. A
 *       channel sshd refuses (its count lags behind closes; hardened sshds allow fewer) is asked
 *       for again for up to 10 s: nothing ran on it.
 *   <li><b>Timeouts.</b> Every script first reports its process group (from /proc) on stderr,
 *       which is stripped; when {@link io.kboot.host.Command#timeout()} passes, the group is
 *       killed over the spare channel (as root, with sudo). (The SSH "signal" request is refused by sshd for root
 *       logins, which run without privilege separation.)
 *   <li><b>Failures.</b> A channel that ends without an exit status is never a success: a
 *       dropped connection is "connection lost while running ...", a signal "killed by signal".
 *       Keepalives every 15 s; three unanswered drop the connection.
 *   <li><b>Files.</b> Over SFTP, which runs no shell: a temporary file in the target directory,
 *       created with the mode's owner bits, filled, chowned by name (a command, only when an owner
 *       is given), chmodded, then renamed over the target with {@code posix-rename@openssh.com}.
 *       With sudo, {@link io.kboot.host.SudoHost} stages it 0600 in the user's home, then one sudo
 *       script copies it (umask 077) to a temporary name in the target directory, chowns, chmods
 *       and {@code mv -f}s it into place.
 *   <li><b>Connecting.</b> Refused, timed-out and reset connections and refused authentication
 *       (hosts still provisioning) are retried with backoff (5 tries, 3 of them auth failures,
 *       0.5 s doubling to 4 s); refused host keys never are. Keys are loaded and decrypted once
 *       per run, before any connection ({@code KBOOT_SSH_KEY_PASSPHRASE}, else one prompt per
 *       key). Hosts behind one jump host share one connection to it.
 *   <li><b>OpenSSH habits.</b> {@link io.kboot.host.ssh.SshConfig} applies an ssh_config under
 *       what the command line or cluster file gives. Keys an SSH agent holds are offered through
 *       kboot's own small agent client ({@code SshAgent}, the JDK's Unix domain sockets): sshj
 *       0.40 has none. Key material and passphrases never reach a message: agent keys are shown
 *       by type and fingerprint.
 * </ul>
 */
package io.kboot.host.ssh;
