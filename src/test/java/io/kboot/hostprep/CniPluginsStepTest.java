package io.kboot.hostprep;

import static io.kboot.hostprep.PrepFixture.assertInOrder;
import static io.kboot.hostprep.PrepFixture.assertOnlyProbed;
import static io.kboot.hostprep.PrepFixture.changeScript;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kboot.host.RecordingHost;
import org.junit.jupiter.api.Test;

class CniPluginsStepTest {
    private final RecordingHost host = new RecordingHost();
    private final PrepFixture.Context ctx = new PrepFixture.Context(host);

    @Test
    void linksTheDebianPackagesPluginsIntoOptCniBin() {
        host.answer(Probe.marker("cni-plugins"), "distro=loopback\ndistro=bridge\ndistro=host-local\ndistro=portmap\n");
        new CniPluginsStep().run(ctx.prep());

        String script = changeScript(host, "cni-plugins");
        assertFalse(script.contains("apt-get"), "the plugins are there already: " + script);
        assertInOrder(script, "for f in /usr/lib/cni/* /usr/libexec/cni/*; do",
                "[ -f \"$f\" ] && [ -x \"$f\" ] && kb_link \"$f\" /opt/cni/bin/\"${f##*/}\"",
                "[ -x /opt/cni/bin/loopback ] || kb_fail", "[ -x /opt/cni/bin/portmap ] || kb_fail");
        // kb_link records each link as a written file before making it.
        assertTrue(script.contains("kb_link() { [ -e \"$2\" ] || [ -L \"$2\" ] && return 0; kb_mkdirs \"$(dirname \"$2\")\";"
                + " kb_record \"{\\\"kind\\\":\\\"file-written\\\",\\\"path\\\":\\\"$2\\\"}\"; ln -s \"$1\" \"$2\"; }"), script);
        assertEquals(
                "[prepare] node1: put loopback, bridge, host-local, portmap in /opt/cni/bin (links to the distribution's"
                        + " plugins)\n",
                ctx.output());
    }

    @Test
    void installsThePackageWhenNoPluginsAreAnywhere() {
        host.answer(Probe.marker("cni-plugins"), "");
        new CniPluginsStep().run(ctx.prep());
        assertInOrder(changeScript(host, "cni-plugins"),
                "kb_record"
                        + " '{\"kind\":\"packages-installed\",\"manager\":\"apt-get\","
                        + "\"packages\":[\"containernetworking-plugins\"]}'",
                "apt-get install -y -qq --no-install-recommends containernetworking-plugins",
                "for f in /usr/lib/cni/*", "[ -x /opt/cni/bin/loopback ] || kb_fail");
    }

    @Test
    void secondRunChangesNothing() {
        host.answer(Probe.marker("cni-plugins"), "present=loopback\npresent=bridge\npresent=host-local\npresent=portmap\n"
                + "distro=loopback\n");
        new CniPluginsStep().run(ctx.prep());
        assertOnlyProbed(host, "cni-plugins");
        assertTrue(ctx.output().contains("already in /opt/cni/bin"), ctx.output());
    }
}
