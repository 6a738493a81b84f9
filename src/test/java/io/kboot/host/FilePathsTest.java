package io.kboot.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class FilePathsTest {

    @Test
    void parentAsAShellSeesIt() {
        assertEquals("/etc/kubernetes", FilePaths.parent("/etc/kubernetes/admin.conf"));
        assertEquals("/", FilePaths.parent("/x"));
        assertEquals(".", FilePaths.parent("x"));
    }

    @Test
    void temporarySiblingsAreHiddenFreshAndInTheSameDirectory() {
        String first = FilePaths.temporarySibling("/etc/kubernetes/admin.conf");
        assertTrue(first.matches("/etc/kubernetes/\\.admin\\.conf\\.kboot-[0-9a-f]{12}"), first);
        assertNotEquals(first, FilePaths.temporarySibling("/etc/kubernetes/admin.conf"));
        assertTrue(FilePaths.temporarySibling("/x").matches("/\\.x\\.kboot-[0-9a-f]{12}"));
        assertTrue(FilePaths.temporarySibling("x").matches("\\./\\.x\\.kboot-[0-9a-f]{12}"));
    }

    @Test
    void chownSpecNamesWhatIsSet() {
        assertEquals(Optional.empty(), FileAttributes.PRIVATE.chownSpec());
        assertEquals(Optional.of("kubelet:root"), FileAttributes.PRIVATE.ownedBy("kubelet", "root").chownSpec());
        assertEquals(Optional.of(":etcd"), new FileAttributes(0600, Optional.empty(), Optional.of("etcd")).chownSpec());
    }
}
