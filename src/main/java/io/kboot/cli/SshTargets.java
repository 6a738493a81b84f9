package io.kboot.cli;

import io.kboot.KbootException;
import io.kboot.host.Host;

/** Turns the SSH options into a connected host. */
final class SshTargets {
    private SshTargets() {}

    static Host open(TargetOptions options) {
        throw new KbootException.InvalidInput("--host: SSH transport is not wired in yet");
    }
}
