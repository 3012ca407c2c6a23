package tickets.testkit;

import tickets.devstack.Devstack;
import tickets.devstack.Ports;

import java.util.List;

/**
 * The devstack of one test JVM: started on first use, shared by every test class, stopped when
 * the JVM exits (and its servers stop by themselves if the JVM is killed). Free ports only.
 */
final class SharedDevstack {

    private static Devstack devstack;

    private SharedDevstack() {
    }

    static synchronized Devstack core(String context) {
        if (devstack == null) {
            Devstack started = Devstack.forTests();
            try {
                started.startPostgres(Ports.free(), List.of(context));
                started.startKafka(Ports.free(), Ports.free());
                started.startRelay(List.of(context));
            } catch (RuntimeException e) {
                started.close();
                throw e;
            }
            devstack = started;
        }
        return devstack;
    }

    static synchronized Devstack withKeycloak(String context) {
        Devstack stack = core(context);
        if (!stack.hasKeycloak()) {
            stack.startKeycloak(Ports.free(), Ports.free());
        }
        return stack;
    }
}
