package dev.sfbridge.sync;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/** The sync jobs by name and the runner that runs them: what one invocation does with the jobs it is asked for. */
public final class BatchSync {
    private final SyncRunner runner;
    private final Map<String, SyncJob> jobs;

    public BatchSync(SyncRunner runner, List<SyncJob> jobs) {
        this.runner = runner;
        this.jobs = jobs.stream().collect(Collectors.toMap(SyncJob::name, Function.identity()));
    }

    /** Runs each named job in turn; an unknown name is refused before any runs. */
    public Map<String, SyncRunner.Outcome> run(List<String> names, Supplier<Duration> timeLeft) {
        names.stream().filter(name -> !jobs.containsKey(name)).findFirst().ifPresent(name -> {
            throw new IllegalArgumentException("no sync job '" + name + "'; there are " + jobs.keySet());
        });
        Map<String, SyncRunner.Outcome> outcomes = new LinkedHashMap<>();
        names.forEach(name -> outcomes.put(name, runner.run(jobs.get(name), timeLeft)));
        return outcomes;
    }
}
