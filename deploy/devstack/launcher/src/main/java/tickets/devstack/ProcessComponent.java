package tickets.devstack;

/** A component that is one process of its own: its memory is that process's, closing stops it. */
abstract class ProcessComponent implements Component {

    /** The running process; null before {@link #start()} and after {@link #close()}. */
    protected volatile ServerProcess process;

    @Override
    public long residentMemoryMiB() {
        ServerProcess running = process;
        return running == null ? 0 : ProcessMemory.residentMiB(ProcessHandle.of(running.pid()).orElseThrow());
    }

    @Override
    public void close() {
        ServerProcess running = process;
        if (running != null) {
            running.close();
            process = null;
        }
    }
}
