package tickets.devstack.process;

import java.io.IOException;
import java.io.InputStream;

/**
 * Ties a server process to the launcher that started it: the launcher holds this process's
 * standard input open, so end-of-file means the launcher is gone (even if it was killed -9)
 * and the server must shut down instead of lingering as an orphan.
 */
public final class ParentWatch {

    private ParentWatch() {
    }

    /** Runs {@code shutdown} and exits once standard input closes. */
    public static void exitWhenParentEnds(Runnable shutdown) {
        Thread watcher = new Thread(() -> {
            InputStream in = System.in;
            byte[] buffer = new byte[256];
            try {
                while (in.read(buffer) >= 0) {
                    // the launcher never writes; any bytes are ignored
                }
            } catch (IOException ignored) {
                // a broken pipe means the same as end-of-file
            }
            try {
                shutdown.run();
            } finally {
                Runtime.getRuntime().halt(0);
            }
        }, "parent-watch");
        watcher.setDaemon(true);
        watcher.start();
    }
}
