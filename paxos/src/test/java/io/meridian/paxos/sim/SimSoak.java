package io.meridian.paxos.sim;

/**
 * Command-line soak: runs seeds from {@code firstSeed} until one fails (or {@code count} pass) and
 * prints the first failing seed with its trace. Arguments: [firstSeed [count [steps [all]]]];
 * with {@code all} it keeps going and prints one line per failing seed.
 */
public final class SimSoak {
    private SimSoak() {
    }

    public static void main(String[] args) {
        long first = args.length > 0 ? Long.parseLong(args[0]) : 1;
        long count = args.length > 1 ? Long.parseLong(args[1]) : Long.MAX_VALUE;
        int steps = args.length > 2 ? Integer.parseInt(args[2]) : Profile.STEPS_DEFAULT;
        boolean keepGoing = args.length > 3 && args[3].equals("all");
        long failures = 0;
        for (long seed = first; seed - first < count; seed++) {
            try {
                Simulation.withSeed(seed, steps).run();
            } catch (SimulationFailure f) {
                if (keepGoing) {
                    failures++;
                    System.out.println(f.getMessage().lines().findFirst().orElse(""));
                    continue;
                }
                System.out.println(f.getMessage());
                System.out.println("first failing seed=" + seed);
                System.exit(1);
            }
            if ((seed - first + 1) % 100 == 0) {
                System.out.printf("%d seeds passed%n", seed - first + 1);
            }
        }
        System.out.printf("%d seeds run, %d failed%n", count, failures);
        System.exit(failures == 0 ? 0 : 1);
    }
}
