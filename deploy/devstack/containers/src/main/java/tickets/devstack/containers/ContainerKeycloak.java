package tickets.devstack.containers;

import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.utility.DockerImageName;
import org.testcontainers.utility.MountableFile;
import tickets.devstack.KeycloakServer;
import tickets.devstack.ProjectLayout;

import java.nio.file.Path;
import java.time.Duration;

/** Keycloak from its image with the same realm file, its hostname pinned as the devstack's (one issuer). */
final class ContainerKeycloak extends KeycloakServer {

    private final ProjectLayout layout;
    private final int managementPort;
    private GenericContainer<?> container;

    ContainerKeycloak(ProjectLayout layout, int hostPort, int managementPort, Path scratch) {
        super(layout, hostPort, managementPort, scratch, scratch);
        this.layout = layout;
        this.managementPort = managementPort;
    }

    @Override
    public void start() {
        int httpPort = Integer.parseInt(baseUrl().substring(baseUrl().lastIndexOf(':') + 1));
        container = new GenericContainer<>(DockerImageName.parse("quay.io/keycloak/keycloak:" + VERSION))
                .withCommand("start-dev", "--import-realm", "--http-port=8080", "--hostname=" + baseUrl(),
                        "--health-enabled=true")
                .withCopyFileToContainer(MountableFile.forHostPath(layout.realmFile()),
                        "/opt/keycloak/data/import/" + REALM + "-realm.json")
                .withExposedPorts(8080, 9000)
                .withCreateContainerCmdModifier(ContainerServers.bind(httpPort, 8080, managementPort, 9000))
                .waitingFor(Wait.forHttp("/health/ready").forPort(9000).withStartupTimeout(Duration.ofMinutes(4)));
        container.start();
    }

    @Override
    public long residentMemoryMiB() {
        return 0;
    }

    @Override
    public void close() {
        ContainerServers.stop(container);
        container = null;
    }
}
