package io.kboot.hostprep;

import io.kboot.script.ShellTemplate;

/** The shell lines of the host-preparation steps: templates/hostprep/STEP/NAME.sh, and units/ for systemd units. */
final class StepScripts {
    private StepScripts() {}

    static ShellTemplate of(String step, String name) {
        return ShellTemplate.of("hostprep/" + step + "/" + name + ".sh");
    }

    /** Lines that handle a systemd unit, shared by the steps. */
    static ShellTemplate unit(String name) {
        return of("units", name);
    }
}
