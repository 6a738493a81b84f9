package io.kboot.hostprep;

import static io.kboot.hostprep.PrepFixture.assertInOrder;
import static io.kboot.hostprep.PrepFixture.assertOnlyProbed;
import static io.kboot.hostprep.PrepFixture.changeScript;
import static io.kboot.hostprep.PrepFixture.file;
import static io.kboot.hostprep.PrepFixture.staged;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kboot.host.RecordingHost;
import org.junit.jupiter.api.Test;

class SwapStepTest {
    static final String FSTAB = """
            # /etc/fstab: static file system information.
            UUID=0a1b2c3d /               ext4    errors=remount-ro 0       1
            UUID=4e5f6a7b none            swap    sw              0       0
            /swap.img	none	swap	sw	0	0
            #/dev/sdb1 none swap sw 0 0
            """;
    static final String EDITED = """
            # /etc/fstab: static file system information.
            UUID=0a1b2c3d /               ext4    errors=remount-ro 0       1
            #UUID=4e5f6a7b none            swap    sw              0       0
            #/swap.img	none	swap	sw	0	0
            #/dev/sdb1 none swap sw 0 0
            """;

    private final RecordingHost host = new RecordingHost();
    private final PrepFixture.Context ctx = new PrepFixture.Context(host);

    @Test
    void commentsOutOnlyActiveSwapLines() {
        assertEquals(EDITED, SwapStep.commentOutSwap(FSTAB));
        assertEquals(EDITED, SwapStep.commentOutSwap(EDITED));
        assertEquals("", SwapStep.commentOutSwap(""));
    }

    @Test
    void turnsSwapOffEditsFstabAndMasksUnits() {
        host.answer(Probe.marker("swap"), "swaps=2\n" + file("/etc/fstab", FSTAB) + """
                unit=dev-disk-by\\x2duuid-4e5f6a7b.swap loaded
                unit=swap.img.swap loaded
                unit=dev-zram0.swap masked
                """);
        new SwapStep().run(ctx.prep());

        assertEquals(EDITED, host.uploaded(staged("/etc/fstab")));
        String script = changeScript(host, "swap");
        assertInOrder(script,
                "kb_record '{\"kind\":\"swap-disabled\"}'", "swapoff -a",
                "kb_install " + staged("/etc/fstab") + " /etc/fstab 0644 /var/lib/kboot/backup/etc/fstab",
                "systemctl daemon-reload",
                "kb_record '{\"kind\":\"unit-masked\",\"unit\":\"dev-disk-by\\\\x2duuid-4e5f6a7b.swap\"}'",
                "systemctl mask 'dev-disk-by\\x2duuid-4e5f6a7b.swap'",
                "kb_record '{\"kind\":\"unit-masked\",\"unit\":\"swap.img.swap\"}'", "systemctl mask swap.img.swap",
                "[ \"$(wc -l < /proc/swaps)\" -le 1 ] || kb_fail");
        assertFalse(script.contains("dev-zram0"), "already masked: " + script);
        assertTrue(ctx.output().contains("turned off 2 swap device(s); commented out swap in /etc/fstab"), ctx.output());
    }

    @Test
    void secondRunChangesNothing() {
        host.answer(Probe.marker("swap"), "swaps=0\n" + file("/etc/fstab", EDITED) + "unit=swap.img.swap masked\n");
        new SwapStep().run(ctx.prep());
        assertOnlyProbed(host, "swap");
        assertTrue(ctx.output().contains("swap already off and disabled at boot"), ctx.output());
    }

    @Test
    void noFstabIsFine() {
        host.answer(Probe.marker("swap"), "swaps=0\nfile:/etc/fstab=-\n");
        new SwapStep().run(ctx.prep());
        assertOnlyProbed(host, "swap");
    }
}
