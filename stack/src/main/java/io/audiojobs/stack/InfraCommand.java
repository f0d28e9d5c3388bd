package io.audiojobs.stack;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * `./audiojobs infra`: only the embedded PostgreSQL and S3 of the dev stack, so the roles can run
 * as separate processes the way they are deployed (`set -a; . $AUDIOJOBS_HOME/dev.env;
 * ./audiojobs api`, `./audiojobs worker`). The benchmark suite measures them like that.
 */
public final class InfraCommand {
    private InfraCommand() {}

    public static void main(String[] args) {
        DevInfrastructure infrastructure = DevInfrastructure.start(System.getenv(), List.of());
        Path devEnv = infrastructure.home().resolve("dev.env");
        Map<String, String> first = new LinkedHashMap<>();
        infrastructure.writeDevEnv("written by ./audiojobs infra; `set -a; . " + devEnv
                + "; set +a; ./audiojobs api` (or worker, dashboard) runs a role on it", first);
        Runtime.getRuntime().addShutdownHook(new Thread(infrastructure::close, "infra-shutdown"));
        System.out.println();
        System.out.println("audiojobs infrastructure is up (embedded PostgreSQL and S3)");
        System.out.println("  PostgreSQL " + infrastructure.settings().get("DATABASE_URL"));
        System.out.println("  S3         " + infrastructure.s3Endpoint() + "   bucket " + infrastructure.settings().get("S3_BUCKET"));
        System.out.println("  settings   " + devEnv + "   (set -a; . " + devEnv + "; set +a; ./audiojobs api)");
        System.out.println();
    }
}
