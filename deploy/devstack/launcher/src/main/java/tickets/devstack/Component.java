package tickets.devstack;

/** One server of the devstack: started, described, stopped. Adding one is adding one class. */
public interface Component extends AutoCloseable {

    String name();

    /** Starts the server and returns once it is ready for work. */
    void start();

    /** Where it listens, for the summary printed after start-up. */
    String endpoint();

    /** Resident memory of its processes in MiB, for the start-up report. */
    long residentMemoryMiB();

    @Override
    void close();
}
