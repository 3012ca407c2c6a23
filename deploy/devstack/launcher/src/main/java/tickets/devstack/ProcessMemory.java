package tickets.devstack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** Resident set size of a process tree, read from /proc (Linux). */
final class ProcessMemory {

    private ProcessMemory() {
    }

    static long residentMiB(ProcessHandle root) {
        long kib = Stream.concat(Stream.of(root), root.descendants()).mapToLong(ProcessMemory::residentKiB).sum();
        return kib / 1024;
    }

    private static long residentKiB(ProcessHandle process) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("\\D", ""));
                }
            }
        } catch (IOException | NumberFormatException e) {
            // the process ended or this is not Linux
        }
        return 0;
    }
}
