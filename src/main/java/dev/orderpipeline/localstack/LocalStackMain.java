package dev.orderpipeline.localstack;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

/**
 * Runs the local stack as a process of its own, for the benchmark and the fault suite, which start the packaged
 * application against it. Prints the configuration as {@code KEY=value} lines, then reads commands from standard
 * input: {@code stop <server>}, {@code start <server>}, {@code exit}.
 *
 * <p>System properties: {@code stack.dir} (data directory, default {@code target/local-stack-process}),
 * {@code stack.durable} (fsync and synchronous commit, default true), {@code stack.fixed-ports} (dev ports,
 * default false).
 */
public final class LocalStackMain {

    private LocalStackMain() {
    }

    public static void main(String[] args) throws Exception {
        LocalStackSettings settings = new LocalStackSettings(
                Path.of(System.getProperty("stack.dir", "target/local-stack-process")).toAbsolutePath(),
                Boolean.parseBoolean(System.getProperty("stack.fixed-ports", "false")),
                Boolean.parseBoolean(System.getProperty("stack.durable", "true")),
                Boolean.parseBoolean(System.getProperty("stack.delete-on-stop", "true")),
                Integer.getInteger("stack.email-max-deliveries", 5),
                Integer.getInteger("stack.email-redelivery-delay-ms", 1000));
        Map<String, String> config = LocalStack.ensureStarted(settings);
        config.forEach((key, value) -> System.out.println(key + "=" + value));
        System.out.println("READY");
        System.out.flush();
        BufferedReader input = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String line = input.readLine(); line != null; line = input.readLine()) {
            String[] command = line.trim().split("\\s+");
            try {
                switch (command[0]) {
                    case "stop" -> LocalStackControl.stop(command[1]);
                    case "start" -> LocalStackControl.start(command[1]);
                    case "exit" -> System.exit(0);
                    default -> {
                        System.out.println("ERROR unknown command " + line);
                        continue;
                    }
                }
                System.out.println("OK " + line);
            } catch (RuntimeException e) {
                System.out.println("ERROR " + e);
            }
            System.out.flush();
        }
        System.exit(0);
    }
}
