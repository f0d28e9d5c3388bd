package io.audiojobs.stack;

import io.audiojobs.api.ApiMain;
import io.audiojobs.dashboard.DashboardMain;
import io.audiojobs.shared.config.ConfigException;
import io.audiojobs.worker.WorkerMain;

import java.util.Arrays;

/** The one entry point behind ./audiojobs: dev, infra, api, worker, dashboard, token. */
public final class Cli {
    private Cli() {}

    public static void main(String[] args) throws Exception {
        String command = args.length == 0 ? "help" : args[0];
        String[] rest = Arrays.copyOfRange(args, Math.min(1, args.length), args.length);
        try {
            switch (command) {
                case "dev" -> DevStack.main(rest);
                case "infra" -> InfraCommand.main(rest);
                case "api" -> ApiMain.main(rest);
                case "worker" -> WorkerMain.main(rest);
                case "dashboard" -> DashboardMain.main(rest);
                case "token" -> TokenCommand.main(rest);
                default -> {
                    System.err.println("usage: audiojobs dev | infra | api | worker | dashboard | token <user> | test | bench");
                    System.exit(2);
                }
            }
        } catch (ConfigException e) {
            System.err.println("configuration error: " + e.getMessage());
            System.exit(78);
        }
    }
}
